#include "store/export.hpp"

namespace perfwatch {

// COPY's formats are documented at https://duckdb.org/docs/sql/statements/copy.html; Parquet
// and JSON are built into the official libduckdb, so no extension is loaded.
void export_metrics(db::Connection& connection, const ReportFilter& filter, ExportFormat format,
                    const std::string& path) {
  const std::string condition = filter.report.empty() ? report_conditions(filter)
                                                      : " AND starts_with(r.id::VARCHAR, lower(" +
                                                            sql_quote(filter.report) + "))";
  const char* options = format == ExportFormat::parquet ? "FORMAT parquet"
                        : format == ExportFormat::csv   ? "FORMAT csv, HEADER true"
                                                        : "FORMAT json";
  connection.execute(
      "COPY (SELECT p.slug AS project, b.name AS branch, t.name AS testbed, "
      "r.commit_hash AS commit, r.commit_time, r.id::VARCHAR AS report, r.adapter, "
      "bm.name AS benchmark, bm.params, m.slug AS measure, m.units, m.direction, x.value, "
      "x.lower, x.upper, x.n, x.samples "
      "FROM metric x JOIN report r ON r.id = x.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed "
      "JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure "
      "WHERE true" +
      condition + " ORDER BY r.started, r.id, bm.name, bm.params, m.slug) TO " + sql_quote(path) +
      " (" + options + ")");
}

}  // namespace perfwatch
