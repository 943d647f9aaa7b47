#include "detect/series.hpp"

namespace perfwatch::detect {

void for_each_series(db::Connection& connection, const ReportFilter& filter,
                     const std::string& benchmark_contains, const std::string& measure,
                     const std::function<void(const StoredSeries&)>& visit) {
  std::string conditions =
      report_conditions(ReportFilter{filter.project, filter.branch, filter.testbed, ""});
  if (!benchmark_contains.empty()) {
    conditions += " AND contains(bm.name, " + sql_quote(benchmark_contains) + ")";
  }
  if (!measure.empty()) conditions += " AND m.slug = " + sql_quote(measure);
  auto rows = connection.query(
      "SELECT b.name, t.name, bm.name, bm.params, m.slug, m.units, m.direction, "
      "coalesce(r.commit_hash, ''), r.started::VARCHAR, x.value, b.id, t.id, bm.id, m.id, "
      "r.id::VARCHAR FROM metric x "
      "JOIN report r ON r.id = x.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed "
      "JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure WHERE true" +
      conditions + " ORDER BY b.name, t.name, bm.name, bm.params, m.slug, r.started, r.id");
  StoredSeries series;
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    const bool same = !series.values.empty() && series.branch_id == rows.int64(10, row) &&
                      series.testbed_id == rows.int64(11, row) &&
                      series.benchmark_id == rows.int64(12, row) &&
                      series.measure_id == rows.int64(13, row);
    if (!same) {
      if (!series.values.empty()) visit(series);
      series = StoredSeries{};
      series.branch_id = rows.int64(10, row);
      series.testbed_id = rows.int64(11, row);
      series.benchmark_id = rows.int64(12, row);
      series.measure_id = rows.int64(13, row);
      series.branch = *rows.text(0, row);
      series.testbed = *rows.text(1, row);
      series.benchmark = *rows.text(2, row);
      series.params = *rows.text(3, row);
      series.measure = *rows.text(4, row);
      series.units = *rows.text(5, row);
      series.direction = *parse_direction(*rows.text(6, row));
    }
    series.reports.push_back(*rows.text(14, row));
    series.commits.push_back(*rows.text(7, row));
    series.started.push_back(*rows.text(8, row));
    series.values.push_back(rows.number(9, row));
  }
  if (!series.values.empty()) visit(series);
}

}  // namespace perfwatch::detect
