#include "report/catalog.hpp"

#include <unordered_map>

namespace perfwatch::report {
namespace {

using json = nlohmann::ordered_json;

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(); }

// A JSON object stored as text; an unreadable one is kept as its text.
json parse_object(const std::string& text) {
  auto parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

json reports_json(const store::History& history) {
  json reports = json::array();
  for (const auto& report : history.reports) {
    reports.push_back({{"id", report.id},
                       {"project", report.project},
                       {"branch", report.branch},
                       {"testbed", report.testbed},
                       {"t", report.started_s},
                       {"commit", report.commit},
                       {"commit_time", report.commit_time},
                       {"dirty", report.dirty},
                       {"ci_provider", report.ci_provider},
                       {"ci_run_url", report.ci_run_url},
                       {"pr", report.pr_number},
                       {"base_branch", report.base_branch},
                       {"source", report.source},
                       {"adapter", report.adapter},
                       {"tool_version", report.tool_version},
                       {"profile", report.profile}});
  }
  return reports;
}

}  // namespace

json catalog_json(const store::Catalog& catalog, const store::History& history) {
  json out;
  out["projects"] = json::array();
  for (const auto& project : catalog.projects) {
    out["projects"].push_back({{"id", project.id}, {"slug", project.slug}, {"name", project.name}});
  }
  out["branches"] = json::array();
  for (const auto& branch : catalog.branches) {
    out["branches"].push_back(
        {{"id", branch.id}, {"project", branch.project}, {"name", branch.name}});
  }
  out["testbeds"] = json::array();
  for (const auto& testbed : catalog.testbeds) {
    out["testbeds"].push_back({{"id", testbed.id},
                               {"project", testbed.project},
                               {"name", testbed.name},
                               {"fingerprint", parse_object(testbed.fingerprint)}});
  }
  out["measures"] = json::array();
  for (const auto& measure : catalog.measures) {
    out["measures"].push_back({{"id", measure.id},
                               {"project", measure.project},
                               {"slug", measure.slug},
                               {"units", measure.units},
                               {"direction", measure.direction}});
  }
  out["benchmarks"] = json::array();
  for (const auto& benchmark : catalog.benchmarks) {
    out["benchmarks"].push_back({{"id", benchmark.id},
                                 {"project", benchmark.project},
                                 {"name", benchmark.name},
                                 {"params", parse_object(benchmark.params)}});
  }
  out["reports"] = reports_json(history);

  std::unordered_map<std::string, std::size_t> report_index;
  for (std::size_t index = 0; index < history.reports.size(); ++index) {
    report_index.emplace(history.reports[index].id, index);
  }
  out["alerts"] = json::array();
  for (const auto& alert : catalog.alerts) {
    const auto found = report_index.find(alert.report);
    if (found == report_index.end()) continue;
    out["alerts"].push_back({{"id", alert.id},
                             {"report", found->second},
                             {"benchmark", alert.benchmark},
                             {"measure", alert.measure},
                             {"kind", alert.kind},
                             {"status", alert.status},
                             {"value", alert.value},
                             {"baseline", optional_number(alert.baseline)},
                             {"limit", optional_number(alert.limit)},
                             {"message", alert.message},
                             {"created", alert.created}});
  }
  return out;
}

json series_summaries(const store::History& history,
                      const std::map<SeriesId, LatestVerdict>& verdicts) {
  json summaries = json::array();
  for (const auto& series : history.series) {
    const auto newest = series.value.size() - 1;
    const auto first_spark = series.value.size() > sparkline_points
                                 ? series.value.size() - sparkline_points
                                 : std::size_t{0};
    json spark = json::array();
    for (auto i = first_spark; i < series.value.size(); ++i) spark.push_back(series.value[i]);
    json summary = {{"benchmark", series.benchmark},
                    {"measure", series.measure},
                    {"branch", series.branch},
                    {"testbed", series.testbed},
                    {"n", series.value.size()},
                    {"latest", series.value[newest]},
                    {"report", series.report[newest]},
                    {"spark", std::move(spark)},
                    {"status", nullptr}};
    const auto found =
        verdicts.find({series.benchmark, series.measure, series.branch, series.testbed});
    // A verdict describes the newest value only when it came from that value's report.
    if (found != verdicts.end() &&
        found->second.report_id ==
            history.reports[static_cast<std::size_t>(series.report[newest])].id) {
      const auto& verdict = found->second;
      summary["status"] = std::string(detect::to_string(verdict.status));
      summary["baseline"] = verdict.baseline ? json(*verdict.baseline) : json();
      summary["lower_limit"] = verdict.lower_limit ? json(*verdict.lower_limit) : json();
      summary["upper_limit"] = verdict.upper_limit ? json(*verdict.upper_limit) : json();
    }
    summaries.push_back(std::move(summary));
  }
  return summaries;
}

}  // namespace perfwatch::report
