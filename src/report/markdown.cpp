#include <fmt/format.h>

#include <cmath>

#include "core/format.hpp"
#include "report/parameter_table.hpp"
#include "report/pr_formats.hpp"

namespace perfwatch::report {
namespace {

// A table cell: pipes would end it, new lines would end the row.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string optional_value(const std::optional<double>& value, const std::string& units) {
  return value ? humanise(*value, units) : "–";
}

// The A/B comparison's ratio as a change; "–" when there is none or it is not a number (a
// base median of zero).
std::string ab_text(const SummaryRow& row) {
  if (!row.ab || !std::isfinite(row.ab->ratio)) return "–";
  const auto& ab = *row.ab;
  std::string text = fmt::format("{:+.1f}%", (ab.ratio - 1) * 100);
  if (ab.ratio_lower && ab.ratio_upper && std::isfinite(*ab.ratio_lower) &&
      std::isfinite(*ab.ratio_upper)) {
    text += fmt::format(" [{:+.1f}%, {:+.1f}%]", (*ab.ratio_lower - 1) * 100,
                        (*ab.ratio_upper - 1) * 100);
  }
  text += fmt::format(" {}", detect::to_string(ab.change));
  if (ab.p_value) text += fmt::format(" (p={:.2g})", *ab.p_value);
  return text;
}

void table(std::string& out, const std::vector<SummaryRow>& rows, bool with_ab) {
  out += with_ab ? "| Status | Benchmark | Measure | Base | Head | Change | Limit | A/B vs base |\n"
                   "|---|---|---|--:|--:|--:|--:|---|\n"
                 : "| Status | Benchmark | Measure | Base | Head | Change | Limit |\n"
                   "|---|---|---|--:|--:|--:|--:|\n";
  for (const auto& row : rows) {
    const auto& v = row.verdict;
    const auto limit = v.direction == Direction::lower_is_better ? v.upper_limit : v.lower_limit;
    out +=
        fmt::format("| {} | `{}` | {} | {} | {} | {} | {} |", status_label(row),
                    cell(benchmark_label(v)), cell(v.measure), optional_value(v.baseline, v.units),
                    humanise(v.value, v.units), change_text(v), optional_value(limit, v.units));
    if (with_ab) out += " " + cell(ab_text(row)) + " |";
    out += '\n';
  }
}

}  // namespace

std::string pr_markdown(const PrSummary& summary) {
  const bool with_ab = !summary.base_report_id.empty();
  std::string out(comment_marker);
  out += '\n';
  out += fmt::format("### {} perfwatch: {}\n\n", summary.failed() ? "❌" : "✅", summary.headline());
  out += fmt::format(
      "`{}` on `{}` at `{}`, judged against the history of `{}`: {} regressed ({} steps), {} "
      "near the limit, {} improved, {} unchanged, {} without enough history.\n\n",
      cell(summary.branch), cell(summary.testbed),
      summary.commit.empty() ? std::string("no commit") : summary.commit.substr(0, 12),
      cell(summary.history_branch), summary.regressions, summary.steps, summary.near_limit,
      summary.improved, summary.unchanged.size() - summary.without_history,
      summary.without_history);
  if (!summary.changed.empty()) {
    table(out, summary.changed, with_ab);
    out += '\n';
  }
  if (!summary.objectives.empty()) {
    out += "**Service-level objectives**\n\n";
    for (const auto& objective : summary.objectives) {
      out += fmt::format("- {} {}\n", objective.met ? "✅" : "❌", cell(objective.describe()));
    }
    out += '\n';
  }
  if (!summary.model_notes.empty()) {
    out += "**Scaling and predictions**\n\n";
    for (const auto& note : summary.model_notes) {
      out += fmt::format("- {}: {}\n", note.kind, cell(note.text));
    }
    out += '\n';
  }
  if (!summary.unchanged.empty()) {
    out += fmt::format(
        "<details><summary>{} benchmark measures without a significant change</summary>\n\n",
        summary.unchanged.size());
    table(out, summary.unchanged, with_ab);
    out += "\n</details>\n\n";
  }
  std::vector<const SummaryRow*> every_row;
  for (const auto* rows : {&summary.changed, &summary.unchanged}) {
    for (const auto& row : *rows) every_row.push_back(&row);
  }
  if (const auto by_parameter = parameter_tables(every_row); !by_parameter.empty()) {
    out += "<details><summary>Values by parameter</summary>\n\n" + by_parameter + "</details>\n\n";
  }
  out += fmt::format("<sub>perfwatch report {}", summary.report_id.substr(0, 8));
  if (with_ab) out += fmt::format(", A/B against report {}", summary.base_report_id.substr(0, 8));
  if (!summary.ci_run_url.empty()) out += fmt::format(" · [CI run]({})", summary.ci_run_url);
  out += "</sub>\n";
  return out;
}

}  // namespace perfwatch::report
