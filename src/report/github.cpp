// GitHub Actions workflow commands: https://docs.github.com/actions/reference/workflow-commands
#include <fmt/format.h>

#include "report/pr_formats.hpp"

namespace perfwatch::report {
namespace {

// A command's message must not hold %, CR or LF; its properties not : or , either.
std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> github_annotations(const PrSummary& summary) {
  std::vector<std::string> lines;
  for (const auto& row : summary.changed) {
    if (row.verdict.status != detect::Status::red) continue;
    lines.push_back(fmt::format(
        "::error title={}::{}",
        escape_property(
            fmt::format("perfwatch: {} regressed ({})", benchmark_label(row.verdict), row.shape)),
        escape_data(
            fmt::format("{} on {}: {}", summary.branch, summary.testbed, row.verdict.describe()))));
  }
  for (const auto& objective : summary.objectives) {
    if (objective.met) continue;
    lines.push_back(fmt::format(
        "::error title={}::{}",
        escape_property(fmt::format("perfwatch: SLO violated by {}", objective.benchmark)),
        escape_data(objective.describe())));
  }
  return lines;
}

}  // namespace perfwatch::report
