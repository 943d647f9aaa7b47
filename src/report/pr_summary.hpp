// What a pull request's reader needs from one report: a headline verdict, the benchmarks that
// changed (base, head, change, status) and the rest. Built from detect's check of the report
// (the same verdicts as `perfwatch check`) and, when a base report is known, detect's A/B
// comparison of the two reports' samples. Rendered by markdown.hpp, pr_formats.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "detect/check.hpp"
#include "detect/compare.hpp"
#include "store/sql.hpp"

namespace perfwatch::report {

// The A/B comparison of one series with the base report's.
struct AbResult {
  double base = 0, head = 0, ratio = 0;
  std::optional<double> ratio_lower, ratio_upper, p_value;
  detect::Change change = detect::Change::unsure;
};

struct SummaryRow {
  detect::Verdict verdict;
  std::string shape;  // "step" or "spike" for red verdicts, else empty
  std::optional<AbResult> ab;
};

// A line of the comment's model section (filled by the CLI from src/model): a complexity that
// changed since the base, or an untested configuration worth running.
struct ModelNote {
  std::string kind;  // "complexity" or "run next"
  std::string text;
};

struct PrSummary {
  std::string report_id, project, branch, history_branch, testbed, commit, ci_run_url;
  std::string base_report_id;         // empty without an A/B comparison
  std::vector<SummaryRow> changed;    // red, yellow and improved, worst first
  std::vector<SummaryRow> unchanged;  // green and unknown, by benchmark
  std::vector<detect::ObjectiveResult> objectives;
  std::vector<ModelNote> model_notes;
  std::size_t regressions = 0, steps = 0, near_limit = 0, improved = 0, without_history = 0,
              slo_violations = 0;

  bool failed() const { return regressions > 0 || slo_violations > 0; }
  // "2 regressions, 1 SLO violated" / "no regression"; counts of the rest.
  std::string headline() const;
};

struct SummaryOptions {
  detect::DetectionConfig config;
  std::size_t confirm = 2;  // reports in a row beyond the limit that make a step
  // The report to compare with sample by sample; empty: the newest report of the report's base
  // branch (a pull request's target) on the same testbed, started before it, when there is one.
  std::string base_report;
};

// Checks report `report_id` (a full id) and summarises it.
PrSummary summarise_report(db::Session& session, const std::string& report_id,
                           const SummaryOptions& options);

// "🔴 regressed (step)", "🟡 near limit", "🟢 ok", "🔵 improved", "⚪ no history"
std::string status_label(const SummaryRow& row);
// "+12.3%" or "–" without a baseline.
std::string change_text(const detect::Verdict& verdict);
// "api [size=8]": the benchmark with its params when it has some.
std::string benchmark_label(const detect::Verdict& verdict);

}  // namespace perfwatch::report
