#include "report/catalog.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/error.hpp"
#include "store/listing.hpp"

namespace perfwatch::report {
namespace {

using json = nlohmann::ordered_json;

json optional_number(db::Result& rows, uint64_t column, uint64_t row) {
  return rows.is_null(column, row) ? json() : json(rows.number(column, row));
}

// A JSON object stored as text; an unreadable one is kept as its text.
json parse_object(const std::string& text) {
  auto parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

std::string where_project(int32_t project_id, const char* column) {
  return project_id == 0 ? std::string() : fmt::format(" WHERE {} = {}", column, project_id);
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

int32_t project_id_of(db::Connection& connection, const std::string& slug) {
  if (slug.empty()) return 0;
  auto rows = connection.query("SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (rows.row_count() == 0) throw InputError("--project: no project " + slug + " in the database");
  return static_cast<int32_t>(rows.int64(0, 0));
}

json load_catalog(db::Connection& connection, int32_t project_id, const store::History& history) {
  json catalog;
  auto projects = connection.query("SELECT id, slug, name FROM project" +
                                   where_project(project_id, "id") + " ORDER BY slug");
  catalog["projects"] = json::array();
  for (uint64_t row = 0; row < projects.row_count(); ++row) {
    catalog["projects"].push_back({{"id", projects.int64(0, row)},
                                   {"slug", *projects.text(1, row)},
                                   {"name", *projects.text(2, row)}});
  }
  auto branches = connection.query("SELECT id, project, name FROM branch" +
                                   where_project(project_id, "project") + " ORDER BY name, id");
  catalog["branches"] = json::array();
  for (uint64_t row = 0; row < branches.row_count(); ++row) {
    catalog["branches"].push_back({{"id", branches.int64(0, row)},
                                   {"project", branches.int64(1, row)},
                                   {"name", *branches.text(2, row)}});
  }
  auto testbeds = connection.query("SELECT id, project, name, fingerprint FROM testbed" +
                                   where_project(project_id, "project") + " ORDER BY name, id");
  catalog["testbeds"] = json::array();
  for (uint64_t row = 0; row < testbeds.row_count(); ++row) {
    catalog["testbeds"].push_back({{"id", testbeds.int64(0, row)},
                                   {"project", testbeds.int64(1, row)},
                                   {"name", *testbeds.text(2, row)},
                                   {"fingerprint", parse_object(*testbeds.text(3, row))}});
  }
  auto measures = connection.query("SELECT id, project, slug, units, direction FROM measure" +
                                   where_project(project_id, "project") + " ORDER BY slug, id");
  catalog["measures"] = json::array();
  for (uint64_t row = 0; row < measures.row_count(); ++row) {
    catalog["measures"].push_back({{"id", measures.int64(0, row)},
                                   {"project", measures.int64(1, row)},
                                   {"slug", *measures.text(2, row)},
                                   {"units", *measures.text(3, row)},
                                   {"direction", *measures.text(4, row)}});
  }
  auto benchmarks =
      connection.query("SELECT id, project, name, params FROM benchmark" +
                       where_project(project_id, "project") + " ORDER BY name, params, id");
  catalog["benchmarks"] = json::array();
  for (uint64_t row = 0; row < benchmarks.row_count(); ++row) {
    catalog["benchmarks"].push_back({{"id", benchmarks.int64(0, row)},
                                     {"project", benchmarks.int64(1, row)},
                                     {"name", *benchmarks.text(2, row)},
                                     {"params", parse_object(*benchmarks.text(3, row))}});
  }
  catalog["reports"] = reports_json(history);

  std::unordered_map<std::string, std::size_t> report_index;
  for (std::size_t index = 0; index < history.reports.size(); ++index) {
    report_index.emplace(history.reports[index].id, index);
  }
  auto alerts = connection.query(
      "SELECT a.id, a.report::VARCHAR, a.benchmark, a.measure, a.kind, a.status, a.value, "
      "a.baseline, a.limit_value, a.message, strftime(a.created, '%Y-%m-%dT%H:%M:%SZ') "
      "FROM alert a JOIN report r ON r.id = a.report" +
      where_project(project_id, "r.project") + " ORDER BY a.created DESC, a.id DESC");
  catalog["alerts"] = json::array();
  for (uint64_t row = 0; row < alerts.row_count(); ++row) {
    const auto found = report_index.find(*alerts.text(1, row));
    if (found == report_index.end()) continue;
    catalog["alerts"].push_back({{"id", alerts.int64(0, row)},
                                 {"report", found->second},
                                 {"benchmark", alerts.int64(2, row)},
                                 {"measure", alerts.int64(3, row)},
                                 {"kind", *alerts.text(4, row)},
                                 {"status", *alerts.text(5, row)},
                                 {"value", alerts.number(6, row)},
                                 {"baseline", optional_number(alerts, 7, row)},
                                 {"limit", optional_number(alerts, 8, row)},
                                 {"message", *alerts.text(9, row)},
                                 {"created", *alerts.text(10, row)}});
  }
  return catalog;
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
