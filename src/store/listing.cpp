#include "store/listing.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/named_rows.hpp"

namespace perfwatch {
namespace {

// A cell as JSON by its column's type; queries cast what has no exact JSON form to VARCHAR.
nlohmann::ordered_json cell(db::Rows& result, uint64_t column, uint64_t row,
                            const std::string& name) {
  if (result.is_null(column, row)) return nullptr;
  switch (result.column_kind(column)) {
    case db::ColumnKind::boolean:
      return result.int64(column, row) != 0;
    case db::ColumnKind::integer:
      return result.int64(column, row);
    case db::ColumnKind::real:
      return result.number(column, row);
    case db::ColumnKind::text:
      break;
  }
  auto text = *result.text(column, row);
  if (name == "params" || name == "fingerprint") {
    auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return text;
}

Listing run_listing(db::Session& connection, const std::string& sql) {
  auto rows = connection.run(sql);
  auto& result = *rows;
  Listing listing;
  for (uint64_t column = 0; column < result.column_count(); ++column) {
    listing.columns.push_back(result.column_name(column));
  }
  for (uint64_t row = 0; row < result.row_count(); ++row) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (uint64_t column = 0; column < listing.columns.size(); ++column) {
      object[listing.columns[column]] = cell(result, column, row, listing.columns[column]);
    }
    listing.rows.push_back(std::move(object));
  }
  return listing;
}

std::string project_condition(const ReportFilter& filter) {
  return filter.project.empty() ? "" : " AND p.slug = " + sql_quote(filter.project);
}

bool exists(db::Session& connection, const std::string& sql) {
  return connection.run(sql)->row_count() > 0;
}

}  // namespace

std::string sql_quote(std::string_view text) {
  std::string quoted = "'";
  for (char c : text) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

std::string sql_number(const std::optional<double>& value) {
  return value ? fmt::format("{}", *value) : "NULL";
}

std::string sql_number(const std::optional<int64_t>& value) {
  return value ? std::to_string(*value) : "NULL";
}

std::string report_conditions(const ReportFilter& filter) {
  std::string conditions = project_condition(filter);
  if (!filter.branch.empty()) conditions += " AND b.name = " + sql_quote(filter.branch);
  if (!filter.testbed.empty()) conditions += " AND t.name = " + sql_quote(filter.testbed);
  return conditions;
}

void check_filter(db::Session& connection, const ReportFilter& filter,
                  const std::string& database_path) {
  const auto in = " in " + database_path;
  if (!filter.project.empty() &&
      !exists(connection, "SELECT 1 FROM project p WHERE true" + project_condition(filter))) {
    throw InputError("--project: no project '" + filter.project + "'" + in);
  }
  if (!filter.branch.empty() &&
      !exists(connection,
              "SELECT 1 FROM branch b JOIN project p ON p.id = b.project WHERE "
              "b.name = " +
                  sql_quote(filter.branch) + project_condition(filter))) {
    throw InputError("--branch: no branch '" + filter.branch + "'" + in);
  }
  if (!filter.testbed.empty() &&
      !exists(connection,
              "SELECT 1 FROM testbed t JOIN project p ON p.id = t.project WHERE "
              "t.name = " +
                  sql_quote(filter.testbed) + project_condition(filter))) {
    throw InputError("--testbed: no testbed '" + filter.testbed + "'" + in);
  }
  if (!filter.report.empty()) {
    auto found = connection.run("SELECT id FROM report WHERE starts_with(id::VARCHAR, lower(" +
                                sql_quote(filter.report) + ")) LIMIT 2");
    if (found->row_count() == 0)
      throw InputError("--report: no report '" + filter.report + "'" + in);
    if (found->row_count() > 1) {
      throw InputError("--report: '" + filter.report + "' is the start of several report ids; " +
                       "give more of it");
    }
  }
}

std::string chosen_report(db::Session& connection, const ReportFilter& filter) {
  const std::string condition = filter.report.empty() ? report_conditions(filter)
                                                      : " AND starts_with(r.id::VARCHAR, lower(" +
                                                            sql_quote(filter.report) + "))";
  const auto found =
      db::query(connection,
                "SELECT r.id::VARCHAR AS report FROM report r JOIN project p ON p.id = r.project "
                "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed WHERE true" +
                    condition + " ORDER BY r.started DESC, r.ingested DESC, r.id LIMIT 1");
  return found.size() == 0 ? std::string() : found.text("report", 0);
}

Listing list(db::Session& connection, std::string_view what, const ReportFilter& filter) {
  const auto project = project_condition(filter);
  if (what == "projects") {
    return run_listing(connection,
                       "SELECT p.slug AS project, p.name, count(r.id) AS reports, "
                       "max(r.started)::VARCHAR AS latest FROM project p "
                       "LEFT JOIN report r ON r.project = p.id WHERE true" +
                           project + " GROUP BY p.slug, p.name ORDER BY project");
  }
  if (what == "branches") {
    const auto branch = filter.branch.empty() ? "" : " AND b.name = " + sql_quote(filter.branch);
    return run_listing(connection,
                       "SELECT p.slug AS project, b.name AS branch, count(r.id) AS reports, "
                       "max(r.started)::VARCHAR AS latest FROM branch b "
                       "JOIN project p ON p.id = b.project LEFT JOIN report r ON r.branch = b.id "
                       "WHERE true" +
                           project + branch + " GROUP BY p.slug, b.name ORDER BY project, branch");
  }
  if (what == "testbeds") {
    const auto testbed = filter.testbed.empty() ? "" : " AND t.name = " + sql_quote(filter.testbed);
    return run_listing(connection,
                       "SELECT p.slug AS project, t.name AS testbed, count(r.id) AS reports, "
                       "max(r.started)::VARCHAR AS latest, t.fingerprint FROM testbed t "
                       "JOIN project p ON p.id = t.project LEFT JOIN report r ON r.testbed = t.id "
                       "WHERE true" +
                           project + testbed +
                           " GROUP BY p.slug, t.name, t.fingerprint ORDER BY project, testbed");
  }
  if (what == "benchmarks") {
    return run_listing(
        connection,
        "SELECT p.slug AS project, bm.name AS benchmark, bm.params, "
        "count(x.report) AS metrics FROM benchmark bm "
        "JOIN project p ON p.id = bm.project "
        "LEFT JOIN metric x ON x.benchmark = bm.id WHERE true" +
            project + " GROUP BY p.slug, bm.name, bm.params ORDER BY project, benchmark, params");
  }
  if (what == "measures") {
    return run_listing(
        connection,
        "SELECT p.slug AS project, m.slug AS measure, m.units, m.direction, "
        "count(x.report) AS metrics FROM measure m "
        "JOIN project p ON p.id = m.project "
        "LEFT JOIN metric x ON x.measure = m.id WHERE true" +
            project + " GROUP BY p.slug, m.slug, m.units, m.direction ORDER BY project, measure");
  }
  const std::string report_joins =
      " FROM report r JOIN project p ON p.id = r.project JOIN branch b ON b.id = r.branch "
      "JOIN testbed t ON t.id = r.testbed";
  if (what == "reports") {
    const auto condition = filter.report.empty() ? report_conditions(filter)
                                                 : " AND starts_with(r.id::VARCHAR, lower(" +
                                                       sql_quote(filter.report) + "))";
    return run_listing(connection,
                       "SELECT r.id::VARCHAR AS id, p.slug AS project, b.name AS branch, "
                       "t.name AS testbed, r.commit_hash AS commit, "
                       "r.commit_time::VARCHAR AS commit_time, r.dirty, "
                       "r.started::VARCHAR AS started, r.adapter, r.source, r.ci_provider, "
                       "r.ci_run_url, r.pr_number, coalesce(c.metrics, 0) AS metrics" +
                           report_joins +
                           // Counted once per report and joined: a subquery per row scans the
                           // metric table once per report on PostgreSQL, which has no index on
                           // metric.report (16,769 reports: 22 s, now well under a second).
                           " LEFT JOIN (SELECT report, count(*) AS metrics FROM metric GROUP BY "
                           "report) c ON c.report = r.id WHERE true" +
                           condition + " ORDER BY r.started DESC, r.ingested DESC, r.id");
  }
  // metrics
  const auto report = chosen_report(connection, filter);
  return run_listing(connection,
                     "SELECT x.report::VARCHAR AS report, bm.name AS benchmark, bm.params, "
                     "m.slug AS measure, x.value, x.lower, x.upper, x.n, m.units, m.direction "
                     "FROM metric x JOIN benchmark bm ON bm.id = x.benchmark "
                     "JOIN measure m ON m.id = x.measure WHERE x.report = " +
                         (report.empty() ? std::string("NULL") : sql_quote(report) + "::UUID") +
                         " ORDER BY benchmark, bm.params, measure");
}

std::string project_state(db::Session& connection, int64_t project_id) {
  return connection
      .run(fmt::format(
          "SELECT (SELECT count(*) FROM report WHERE project = {0})::VARCHAR || '/' || "
          "(SELECT count(*)::VARCHAR || coalesce(max(a.updated)::VARCHAR, '') FROM alert a "
          "JOIN report r ON r.id = a.report WHERE r.project = {0}) || '/' || "
          "(SELECT count(*)::VARCHAR || coalesce(max(id)::VARCHAR, '') FROM threshold "
          "WHERE project = {0}) AS state",
          project_id))
      ->text(0, 0)  // the one column
      .value_or("");
}

}  // namespace perfwatch
