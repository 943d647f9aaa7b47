#include "report/history.hpp"

#include <fmt/format.h>

namespace perfwatch::report {
namespace {

std::string project_condition(int32_t project_id, const char* column) {
  return project_id == 0 ? std::string() : fmt::format(" WHERE {} = {}", column, project_id);
}

std::vector<ReportRow> load_reports(db::Connection& connection, int32_t project_id) {
  auto rows = connection.query(
      "SELECT id::VARCHAR, project, branch, testbed, epoch(started), coalesce(commit_hash, ''), "
      "coalesce(strftime(commit_time, '%Y-%m-%dT%H:%M:%SZ'), ''), coalesce(ci_provider, ''), "
      "coalesce(ci_run_url, ''), coalesce(pr_number, ''), coalesce(base_branch, ''), "
      "coalesce(source, ''), adapter, coalesce(tool_version, ''), coalesce(profile, ''), "
      "dirty::INTEGER "
      "FROM report" +
      project_condition(project_id, "project") + " ORDER BY started, id");
  std::vector<ReportRow> reports(rows.row_count());
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    auto& report = reports[row];
    report.id = *rows.text(0, row);
    report.project = static_cast<int32_t>(rows.int64(1, row));
    report.branch = static_cast<int32_t>(rows.int64(2, row));
    report.testbed = static_cast<int32_t>(rows.int64(3, row));
    report.started_s = rows.number(4, row);
    report.commit = *rows.text(5, row);
    report.commit_time = *rows.text(6, row);
    report.ci_provider = *rows.text(7, row);
    report.ci_run_url = *rows.text(8, row);
    report.pr_number = *rows.text(9, row);
    report.base_branch = *rows.text(10, row);
    report.source = *rows.text(11, row);
    report.adapter = *rows.text(12, row);
    report.tool_version = *rows.text(13, row);
    report.profile = *rows.text(14, row);
    report.dirty = rows.int64(15, row) != 0;
  }
  return reports;
}

}  // namespace

History load_history(db::Connection& connection, int32_t project_id) {
  History history;
  history.reports = load_reports(connection, project_id);
  history.points_of_report.resize(history.reports.size());
  // Report indexes are computed by DuckDB in the same order as load_reports; a report's branch,
  // testbed and start come from there, and absent bounds as NaN, so that each row costs as few
  // calls into DuckDB as can be (this reads every stored value).
  auto rows = connection.query(
      "WITH r AS (SELECT id, branch, testbed, "
      "(row_number() OVER (ORDER BY started, id) - 1)::INTEGER AS idx FROM report" +
      project_condition(project_id, "project") +
      ") SELECT x.benchmark, x.measure, r.idx, x.value, coalesce(x.lower, 'nan'::DOUBLE), "
      "coalesce(x.upper, 'nan'::DOUBLE), (coalesce(len(x.samples), 0) > 0)::INTEGER "
      "FROM metric x JOIN r ON r.id = x.report "
      "ORDER BY x.benchmark, x.measure, r.branch, r.testbed, r.idx");
  SeriesHistory* current = nullptr;
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    const auto benchmark = static_cast<int32_t>(rows.int64(0, row));
    const auto measure = static_cast<int32_t>(rows.int64(1, row));
    const auto report = static_cast<int32_t>(rows.int64(2, row));
    const auto& report_row = history.reports[static_cast<std::size_t>(report)];
    if (current == nullptr || current->benchmark != benchmark || current->measure != measure ||
        current->branch != report_row.branch || current->testbed != report_row.testbed) {
      history.series.push_back(
          {benchmark, measure, report_row.branch, report_row.testbed, {}, {}, {}, {}, {}, {}});
      current = &history.series.back();
    }
    current->report.push_back(report);
    current->time_s.push_back(report_row.started_s);
    current->value.push_back(rows.number(3, row));
    current->lower.push_back(rows.number(4, row));
    current->upper.push_back(rows.number(5, row));
    current->has_samples.push_back(rows.int64(6, row) != 0);
    history.points_of_report[static_cast<std::size_t>(report)].push_back(
        {static_cast<int32_t>(history.series.size() - 1),
         static_cast<int32_t>(current->value.size() - 1)});
  }
  return history;
}

}  // namespace perfwatch::report
