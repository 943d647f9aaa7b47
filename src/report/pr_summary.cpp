#include "report/pr_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "detect/stored_check.hpp"
#include "store/report_lookup.hpp"

namespace perfwatch::report {
namespace {

int severity(detect::Status status) {
  switch (status) {
    case detect::Status::red:
      return 0;
    case detect::Status::suspect:
      return 1;
    case detect::Status::yellow:
      return 2;
    case detect::Status::improved:
      return 3;
    case detect::Status::unknown:
      return 4;
    case detect::Status::undeclared:
      return 5;
    case detect::Status::green:
      return 6;
  }
  return 7;
}

std::string params_label(const std::string& params_json) {
  const auto params = nlohmann::ordered_json::parse(params_json, nullptr, false);
  if (params.is_discarded() || !params.is_object() || params.empty()) return {};
  std::string text;
  for (const auto& [key, value] : params.items()) {
    if (!text.empty()) text += ", ";
    text += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

}  // namespace

std::string PrSummary::headline() const {
  std::vector<std::string> bad;
  if (regressions > 0) {
    bad.push_back(fmt::format("{} regression{}", regressions, regressions == 1 ? "" : "s"));
  }
  if (slo_violations > 0) {
    bad.push_back(fmt::format("{} SLO{} violated", slo_violations, slo_violations == 1 ? "" : "s"));
  }
  std::string text = bad.empty() ? "no regression" : bad[0];
  if (bad.size() > 1) text += ", " + bad[1];
  return text;
}

std::string status_label(const SummaryRow& row) {
  switch (row.verdict.status) {
    case detect::Status::red:
      return row.shape.empty() ? "🔴 regressed" : "🔴 regressed (" + row.shape + ")";
    case detect::Status::suspect:
      return "🟠 suspect (one report beyond the limit)";
    case detect::Status::yellow:
      return "🟡 near limit";
    case detect::Status::improved:
      return "🔵 improved";
    case detect::Status::green:
      return "🟢 ok";
    case detect::Status::unknown:
      return "⚪ no history";
    case detect::Status::undeclared:
      return "⚪ no direction";
  }
  return "";
}

std::string change_text(const detect::Verdict& verdict) {
  const auto change = verdict.change();
  return change ? fmt::format("{:+.1f}%", *change * 100) : "–";
}

std::string benchmark_label(const detect::Verdict& verdict) {
  const auto params = params_label(verdict.params);
  return params.empty() ? verdict.benchmark : verdict.benchmark + " [" + params + "]";
}

PrSummary summarise_report(db::Session& session, const std::string& report_id,
                           const SummaryOptions& options) {
  const auto result = detect::check_report(session, report_id, options.config,
                                           detect::CheckSettings{options.confirm});
  PrSummary summary;
  summary.report_id = result.report_id;
  summary.project = result.project;
  summary.branch = result.branch;
  summary.history_branch = result.history_branch;
  summary.testbed = result.testbed;
  summary.commit = result.commit;
  summary.objectives = result.objectives;
  summary.regressions = result.count(detect::Status::red);
  summary.steps = result.steps(options.confirm);
  summary.near_limit = result.count(detect::Status::yellow);
  summary.improved = result.count(detect::Status::improved);
  summary.without_history = result.count(detect::Status::unknown);
  summary.slo_violations = result.violations();
  summary.ci_run_url = store::ci_run_url_of(session, report_id);

  summary.base_report_id =
      options.base_report.empty() ? store::base_report_of(session, report_id) : options.base_report;
  detect::Comparison comparison;
  if (!summary.base_report_id.empty()) {
    detect::CompareOptions compare_options;
    compare_options.directions = options.config.directions;
    comparison = detect::compare(
        detect::side_of(store::load_sampled_metrics(session, summary.base_report_id)),
        detect::side_of(store::load_sampled_metrics(session, report_id)), compare_options);
  }
  std::map<detect::SeriesKey, const detect::ComparedSeries*> compared;
  for (const auto& series : comparison.series) compared[series.key] = &series;
  for (const auto& verdict : result.verdicts) {
    SummaryRow row{verdict, {}, {}};
    if (verdict.status == detect::Status::red) {
      row.shape = verdict.is_step(options.confirm) ? "step" : "spike";
    }
    const auto found = compared.find({verdict.benchmark, verdict.params, verdict.measure});
    if (found != compared.end()) {
      const auto& series = *found->second;
      row.ab = AbResult{series.base,        series.candidate, series.ratio, series.ratio_lower,
                        series.ratio_upper, series.p_value,   series.change};
    }
    const bool changed =
        verdict.status == detect::Status::red || verdict.status == detect::Status::suspect ||
        verdict.status == detect::Status::yellow || verdict.status == detect::Status::improved;
    (changed ? summary.changed : summary.unchanged).push_back(std::move(row));
  }
  std::stable_sort(
      summary.changed.begin(), summary.changed.end(), [](const SummaryRow& a, const SummaryRow& b) {
        if (severity(a.verdict.status) != severity(b.verdict.status)) {
          return severity(a.verdict.status) < severity(b.verdict.status);
        }
        return std::abs(a.verdict.change().value_or(0)) > std::abs(b.verdict.change().value_or(0));
      });
  return summary;
}

}  // namespace perfwatch::report
