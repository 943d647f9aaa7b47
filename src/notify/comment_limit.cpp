#include "notify/comment_limit.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace perfwatch::notify {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t found = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
    ++found;
  }
  return found;
}

}  // namespace

std::string fit_comment(const std::string& body, std::size_t max_bytes,
                        const std::string& full_report_url) {
  if (body.size() <= max_bytes) return body;
  const std::string where =
      full_report_url.empty() ? "in the CI run's artifacts" : "[here](" + full_report_url + ")";
  const std::string note = fmt::format(
      "\n> ✂️ This comment was cut at {{}} of {} bytes to fit the comment size limit; the full "
      "report is {}.\n",
      body.size(), where);
  const std::size_t note_bytes = note.size() + 20;  // the kept size's digits at most
  if (max_bytes <= note_bytes) return fmt::format(fmt::runtime(note.substr(1)), 0);
  // Whole lines only, and room for the tags that close the <details> left open.
  std::size_t keep = body.rfind('\n', max_bytes - note_bytes);
  while (true) {
    keep = keep == std::string::npos ? 0 : keep + 1;
    const std::string kept = body.substr(0, keep);
    const std::size_t open =
        count(kept, "<details>") - std::min(count(kept, "<details>"), count(kept, "</details>"));
    std::string closing;
    for (std::size_t tag = 0; tag < open; ++tag) closing += "</details>\n";
    if (keep == 0 || kept.size() + closing.size() + note_bytes <= max_bytes) {
      return kept + closing + fmt::format(fmt::runtime(note), keep);
    }
    keep = keep >= 2 ? body.rfind('\n', keep - 2) : std::string::npos;
  }
}

}  // namespace perfwatch::notify
