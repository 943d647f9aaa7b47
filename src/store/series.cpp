#include "store/series.hpp"

#include "store/named_rows.hpp"

namespace perfwatch::store {

void for_each_series(db::Session& session, const ReportFilter& filter,
                     const std::string& benchmark_contains, const std::string& measure,
                     const std::function<void(const StoredSeries&)>& visit) {
  std::string conditions =
      report_conditions(ReportFilter{filter.project, filter.branch, filter.testbed, ""});
  if (!benchmark_contains.empty()) {
    conditions += " AND strpos(bm.name, " + sql_quote(benchmark_contains) + ") > 0";
  }
  if (!measure.empty()) conditions += " AND m.slug = " + sql_quote(measure);
  const auto rows = db::query(
      session,
      "SELECT b.name AS branch, t.name AS testbed, bm.name AS benchmark, bm.params AS params, "
      "m.slug AS measure, m.units AS units, m.direction AS direction, "
      "coalesce(r.commit_hash, '') AS commit_hash, r.started::VARCHAR AS started, "
      "x.value AS value, b.id AS branch_id, t.id AS testbed_id, bm.id AS benchmark_id, "
      "m.id AS measure_id, r.id::VARCHAR AS report FROM metric x "
      "JOIN report r ON r.id = x.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed "
      "JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure WHERE true" +
          conditions + " ORDER BY b.name, t.name, bm.name, bm.params, m.slug, r.started, r.id");
  const auto branch_id = rows.column("branch_id");
  const auto testbed_id = rows.column("testbed_id");
  const auto benchmark_id = rows.column("benchmark_id");
  const auto measure_id = rows.column("measure_id");
  const auto report = rows.column("report");
  const auto commit = rows.column("commit_hash");
  const auto started = rows.column("started");
  const auto value = rows.column("value");
  StoredSeries series;
  for (uint64_t row = 0; row < rows.size(); ++row) {
    const bool same = !series.values.empty() && series.branch_id == branch_id.int64(row) &&
                      series.testbed_id == testbed_id.int64(row) &&
                      series.benchmark_id == benchmark_id.int64(row) &&
                      series.measure_id == measure_id.int64(row);
    if (!same) {
      if (!series.values.empty()) visit(series);
      series = StoredSeries{};
      series.branch_id = branch_id.int64(row);
      series.testbed_id = testbed_id.int64(row);
      series.benchmark_id = benchmark_id.int64(row);
      series.measure_id = measure_id.int64(row);
      series.branch = rows.text("branch", row);
      series.testbed = rows.text("testbed", row);
      series.benchmark = rows.text("benchmark", row);
      series.params = rows.text("params", row);
      series.measure = rows.text("measure", row);
      series.units = rows.text("units", row);
      series.direction = *parse_direction(rows.text("direction", row));
    }
    series.reports.push_back(report.text(row));
    series.commits.push_back(commit.text(row));
    series.started.push_back(started.text(row));
    series.values.push_back(value.number(row));
  }
  if (!series.values.empty()) visit(series);
}

}  // namespace perfwatch::store
