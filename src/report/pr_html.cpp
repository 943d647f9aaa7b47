#include <fmt/format.h>

#include "core/format.hpp"
#include "report/markup.hpp"
#include "report/pr_formats.hpp"

namespace perfwatch::report {
namespace {

std::string optional_value(const std::optional<double>& value, const std::string& units) {
  return value ? humanise(*value, units) : "–";
}

void table(std::string& out, const std::vector<SummaryRow>& rows) {
  out +=
      "<table>\n<thead><tr><th>Status</th><th>Benchmark</th><th>Measure</th><th>Base</th>"
      "<th>Head</th><th>Change</th><th>Limit</th></tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    const auto& v = row.verdict;
    const auto limit = v.direction == Direction::lower_is_better ? v.upper_limit : v.lower_limit;
    out += fmt::format(
        "<tr class=\"status-{}\"><td>{}</td><td><code>{}</code></td><td>{}</td>"
        "<td align=\"right\">{}</td><td align=\"right\">{}</td><td align=\"right\">{}</td>"
        "<td align=\"right\">{}</td></tr>\n",
        detect::to_string(v.status), escape_markup(status_label(row)),
        escape_markup(benchmark_label(v)), escape_markup(v.measure),
        escape_markup(optional_value(v.baseline, v.units)),
        escape_markup(humanise(v.value, v.units)), escape_markup(change_text(v)),
        escape_markup(optional_value(limit, v.units)));
  }
  out += "</tbody>\n</table>\n";
}

}  // namespace

std::string pr_html(const PrSummary& summary) {
  std::string out(comment_marker);
  out += "\n<div class=\"perfwatch-report\">\n";
  out += fmt::format("<h3>{} perfwatch: {}</h3>\n", summary.failed() ? "❌" : "✅",
                     escape_markup(summary.headline()));
  out += fmt::format(
      "<p><code>{}</code> on <code>{}</code> at <code>{}</code>, judged against the history of "
      "<code>{}</code>: {} regressed, {} near the limit, {} improved.</p>\n",
      escape_markup(summary.branch), escape_markup(summary.testbed),
      escape_markup(summary.commit.substr(0, 12)), escape_markup(summary.history_branch),
      summary.regressions, summary.near_limit, summary.improved);
  if (!summary.changed.empty()) table(out, summary.changed);
  if (!summary.objectives.empty()) {
    out += "<ul class=\"objectives\">\n";
    for (const auto& objective : summary.objectives) {
      out += fmt::format("<li>{} {}</li>\n", objective.met ? "✅" : "❌",
                         escape_markup(objective.describe()));
    }
    out += "</ul>\n";
  }
  if (!summary.unchanged.empty()) {
    out += fmt::format(
        "<details><summary>{} benchmark measures without a significant change</summary>\n",
        summary.unchanged.size());
    table(out, summary.unchanged);
    out += "</details>\n";
  }
  out += "</div>\n";
  return out;
}

}  // namespace perfwatch::report
