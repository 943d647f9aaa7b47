#include "store/history.hpp"

#include <fmt/format.h>

#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

std::string project_condition(int32_t project_id, const char* column) {
  return project_id == 0 ? std::string() : fmt::format(" WHERE {} = {}", column, project_id);
}

std::vector<ReportRow> load_reports(db::Session& session, int32_t project_id) {
  const auto rows = db::query(
      session,
      "SELECT id::VARCHAR AS id, project, branch, testbed, epoch(started) AS started_s, "
      "coalesce(commit_hash, '') AS commit_hash, "
      "coalesce(strftime(commit_time, '%Y-%m-%dT%H:%M:%SZ'), '') AS commit_time, "
      "coalesce(ci_provider, '') AS ci_provider, coalesce(ci_run_url, '') AS ci_run_url, "
      "coalesce(pr_number, '') AS pr_number, coalesce(base_branch, '') AS base_branch, "
      "coalesce(source, '') AS source, adapter, coalesce(tool_version, '') AS tool_version, "
      "coalesce(profile, '') AS profile, dirty::INTEGER AS dirty "
      "FROM report" +
          project_condition(project_id, "project") + " ORDER BY started, id");
  std::vector<ReportRow> reports(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    auto& report = reports[row];
    report.id = rows.text("id", row);
    report.project = static_cast<int32_t>(rows.int64("project", row));
    report.branch = static_cast<int32_t>(rows.int64("branch", row));
    report.testbed = static_cast<int32_t>(rows.int64("testbed", row));
    report.started_s = rows.number("started_s", row);
    report.commit = rows.text("commit_hash", row);
    report.commit_time = rows.text("commit_time", row);
    report.ci_provider = rows.text("ci_provider", row);
    report.ci_run_url = rows.text("ci_run_url", row);
    report.pr_number = rows.text("pr_number", row);
    report.base_branch = rows.text("base_branch", row);
    report.source = rows.text("source", row);
    report.adapter = rows.text("adapter", row);
    report.tool_version = rows.text("tool_version", row);
    report.profile = rows.text("profile", row);
    report.dirty = rows.int64("dirty", row) != 0;
  }
  return reports;
}

}  // namespace

std::string numbered_reports(int32_t project_id) {
  return "(SELECT id, branch, testbed, (row_number() OVER (ORDER BY started, id) - 1)::INTEGER "
         "AS idx FROM report" +
         project_condition(project_id, "project") + ")";
}

db::NamedRows query_metrics_by_series(db::Session& session, int32_t project_id,
                                      const std::string& columns, const std::string& condition) {
  return db::query(session, "WITH r AS " + numbered_reports(project_id) +
                                " SELECT x.benchmark AS benchmark, x.measure AS measure, "
                                "r.idx AS report, " +
                                columns + " FROM metric x JOIN r ON r.id = x.report WHERE " +
                                condition +
                                " ORDER BY x.benchmark, x.measure, r.branch, r.testbed, r.idx");
}

History load_history(db::Session& session, int32_t project_id) {
  History history;
  history.reports = load_reports(session, project_id);
  history.points_of_report.resize(history.reports.size());
  // Report indexes are computed by DuckDB in the same order as load_reports; a report's branch,
  // testbed and start come from there, and absent bounds as NaN, so that each row costs as few
  // calls into DuckDB as can be (this reads every stored value).
  const auto rows =
      query_metrics_by_series(session, project_id,
                              "x.value AS value, coalesce(x.lower, 'nan'::DOUBLE) AS lower, "
                              "coalesce(x.upper, 'nan'::DOUBLE) AS upper, "
                              "(coalesce(len(x.samples), 0) > 0)::INTEGER AS has_samples");
  const auto benchmark_column = rows.column("benchmark");
  const auto measure_column = rows.column("measure");
  const auto report_column = rows.column("report");
  const auto value_column = rows.column("value");
  const auto lower_column = rows.column("lower");
  const auto upper_column = rows.column("upper");
  const auto samples_column = rows.column("has_samples");
  SeriesHistory* current = nullptr;
  for (uint64_t row = 0; row < rows.size(); ++row) {
    const auto benchmark = static_cast<int32_t>(benchmark_column.int64(row));
    const auto measure = static_cast<int32_t>(measure_column.int64(row));
    const auto report = static_cast<int32_t>(report_column.int64(row));
    const auto& report_row = history.reports[static_cast<std::size_t>(report)];
    if (current == nullptr || current->benchmark != benchmark || current->measure != measure ||
        current->branch != report_row.branch || current->testbed != report_row.testbed) {
      history.series.push_back(
          {benchmark, measure, report_row.branch, report_row.testbed, {}, {}, {}, {}, {}, {}});
      current = &history.series.back();
    }
    current->report.push_back(report);
    current->time_s.push_back(report_row.started_s);
    current->value.push_back(value_column.number(row));
    current->lower.push_back(lower_column.number(row));
    current->upper.push_back(upper_column.number(row));
    current->has_samples.push_back(samples_column.int64(row) != 0);
    history.points_of_report[static_cast<std::size_t>(report)].push_back(
        {static_cast<int32_t>(history.series.size() - 1),
         static_cast<int32_t>(current->value.size() - 1)});
  }
  return history;
}

}  // namespace perfwatch::store
