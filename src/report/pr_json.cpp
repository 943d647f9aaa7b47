#include "report/pr_formats.hpp"

namespace perfwatch::report {
namespace {

using json = nlohmann::ordered_json;

json number(const std::optional<double>& value) { return value ? json(*value) : json(); }

json row_json(const SummaryRow& row) {
  const auto& v = row.verdict;
  json out = {{"benchmark", v.benchmark},
              {"params", json::parse(v.params, nullptr, false)},
              {"measure", v.measure},
              {"units", v.units},
              {"direction", to_string(v.direction)},
              {"status", detect::to_string(v.status)},
              {"shape", row.shape.empty() ? json() : json(row.shape)},
              {"base", number(v.baseline)},
              {"head", v.value},
              {"change", number(v.change())},
              {"lower_limit", number(v.lower_limit)},
              {"upper_limit", number(v.upper_limit)},
              {"history", v.history_size},
              {"summary", v.describe()}};
  if (out["params"].is_discarded()) out["params"] = v.params;
  if (row.ab) {
    out["ab"] = {{"base", row.ab->base},
                 {"head", row.ab->head},
                 {"ratio", row.ab->ratio},
                 {"ratio_lower", number(row.ab->ratio_lower)},
                 {"ratio_upper", number(row.ab->ratio_upper)},
                 {"p_value", number(row.ab->p_value)},
                 {"change", detect::to_string(row.ab->change)}};
  }
  return out;
}

}  // namespace

json pr_json(const PrSummary& summary) {
  json changed = json::array(), unchanged = json::array(), objectives = json::array();
  for (const auto& row : summary.changed) changed.push_back(row_json(row));
  for (const auto& row : summary.unchanged) unchanged.push_back(row_json(row));
  for (const auto& objective : summary.objectives) {
    objectives.push_back({{"benchmark", objective.benchmark},
                          {"measure", objective.objective.measure},
                          {"operator", objective.objective.at_least ? ">=" : "<="},
                          {"limit", objective.objective.limit},
                          {"unit", objective.objective.unit},
                          {"value", objective.value},
                          {"met", objective.met},
                          {"summary", objective.describe()}});
  }
  json notes = json::array();
  for (const auto& note : summary.model_notes) {
    notes.push_back({{"kind", note.kind}, {"text", note.text}});
  }
  return {{"marker", std::string(comment_marker)},
          {"verdict", summary.failed() ? "regression" : "ok"},
          {"headline", summary.headline()},
          {"report", summary.report_id},
          {"base_report", summary.base_report_id.empty() ? json() : json(summary.base_report_id)},
          {"project", summary.project},
          {"branch", summary.branch},
          {"history_branch", summary.history_branch},
          {"testbed", summary.testbed},
          {"commit", summary.commit},
          {"ci_run_url", summary.ci_run_url},
          {"regressions", summary.regressions},
          {"steps", summary.steps},
          {"near_limit", summary.near_limit},
          {"improved", summary.improved},
          {"without_history", summary.without_history},
          {"slo_violations", summary.slo_violations},
          {"changed", std::move(changed)},
          {"unchanged", std::move(unchanged)},
          {"objectives", std::move(objectives)},
          {"model_notes", std::move(notes)}};
}

}  // namespace perfwatch::report
