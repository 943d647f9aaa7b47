#include "store/check_history.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

uint64_t key_of(int64_t benchmark, int64_t measure) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(benchmark)) << 32) |
         static_cast<uint32_t>(measure);
}

// Appends the rows of `rows` (benchmark, measure, started_s, value, commit_hash; by series, then
// start) to the values of the series they belong to.
void append_values(const db::NamedRows& rows,
                   const std::unordered_map<uint64_t, std::size_t>& index_of,
                   std::vector<RecentValues>& found) {
  const auto benchmark = rows.column("benchmark");
  const auto measure = rows.column("measure");
  const auto started_s = rows.column("started_s");
  const auto value = rows.column("value");
  const auto commit = rows.column("commit_hash");
  for (uint64_t row = 0; row < rows.size(); ++row) {
    const auto at = index_of.find(key_of(benchmark.int64(row), measure.int64(row)));
    if (at == index_of.end()) continue;
    auto& values = found[at->second];
    values.started_s.push_back(started_s.number(row));
    values.values.push_back(value.number(row));
    values.commits.push_back(commit.text(row));
  }
}

}  // namespace

CheckedReport load_checked_report(db::Session& session, const std::string& report_id) {
  const auto rows = db::query(
      session,
      "SELECT r.project AS project_id, r.branch AS branch_id, "
      "coalesce(base.id, r.branch) AS history_branch_id, r.testbed AS testbed_id, "
      "p.slug AS project, b.name AS branch, coalesce(base.name, b.name) AS history_branch, "
      "t.name AS testbed, coalesce(r.commit_hash, '') AS commit_hash, "
      "r.started::VARCHAR AS started, extract(epoch FROM r.started) AS started_s, "
      "coalesce(least(r.started, (SELECT max(f.started) FROM report f WHERE f.branch = base.id "
      "AND f.commit_hash = b.start_point_commit)), r.started)::VARCHAR AS history_until "
      "FROM report r JOIN project p ON p.id = r.project JOIN branch b ON b.id = r.branch "
      "JOIN testbed t ON t.id = r.testbed LEFT JOIN branch base ON base.project = r.project "
      "AND base.name = r.base_branch AND base.id <> r.branch WHERE r.id = " +
          sql_quote(report_id) + "::UUID");
  if (rows.size() == 0) throw db::DatabaseError("no report " + report_id);
  return {.id = report_id,
          .project_id = rows.int64("project_id", 0),
          .branch_id = rows.int64("branch_id", 0),
          .history_branch_id = rows.int64("history_branch_id", 0),
          .testbed_id = rows.int64("testbed_id", 0),
          .project = rows.text("project", 0),
          .branch = rows.text("branch", 0),
          .history_branch = rows.text("history_branch", 0),
          .testbed = rows.text("testbed", 0),
          .commit = rows.text("commit_hash", 0),
          .started = rows.text("started", 0),
          .started_s = rows.number("started_s", 0),
          .history_until = rows.text("history_until", 0)};
}

std::vector<ReportMetric> load_report_metrics(db::Session& session, const std::string& report_id) {
  const auto rows = db::query(
      session,
      "SELECT x.benchmark AS benchmark_id, x.measure AS measure_id, bm.name AS benchmark, "
      "bm.params AS params, m.slug AS measure, m.units AS units, m.direction AS direction, "
      "x.value AS value FROM metric x JOIN benchmark bm ON bm.id = x.benchmark "
      "JOIN measure m ON m.id = x.measure WHERE x.report = " +
          sql_quote(report_id) + "::UUID ORDER BY bm.name, bm.params, m.slug");
  std::vector<ReportMetric> metrics;
  metrics.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    metrics.push_back({.benchmark_id = static_cast<int32_t>(rows.int64("benchmark_id", row)),
                       .measure_id = static_cast<int32_t>(rows.int64("measure_id", row)),
                       .benchmark = rows.text("benchmark", row),
                       .params = rows.text("params", row),
                       .measure = rows.text("measure", row),
                       .units = rows.text("units", row),
                       .direction = rows.text("direction", row),
                       .value = rows.number("value", row)});
  }
  return metrics;
}

std::vector<RecentValues> load_recent_values(db::Session& session, const CheckedReport& report,
                                             const std::vector<WantedSeries>& series) {
  std::vector<RecentValues> found(series.size());
  std::unordered_map<uint64_t, std::size_t> index_of;
  int64_t longest_window = 1;
  for (std::size_t i = 0; i < series.size(); ++i) {
    index_of.emplace(key_of(series[i].benchmark_id, series[i].measure_id), i);
    longest_window = std::max(longest_window, series[i].window_reports);
  }
  const auto id = sql_quote(report.id) + "::UUID";
  const auto eligible = fmt::format(
      "r.project = {1} AND r.testbed = {2} AND r.branch = {3} AND r.id <> {0} "
      "AND r.started < {4}::TIMESTAMP AND r.started <= {5}::TIMESTAMP",
      id, report.project_id, report.testbed_id, report.history_branch_id, sql_quote(report.started),
      sql_quote(report.history_until));
  const auto columns =
      "x.benchmark AS benchmark, x.measure AS measure, extract(epoch FROM r.started) AS "
      "started_s, x.value AS value, coalesce(r.commit_hash, '') AS commit_hash";

  // The newest `longest_window` earlier reports are picked first and only their metrics of the
  // report's series read: numbering every metric of the history per series read and sorted all
  // of them, 8.6 s for 10,000 series x 1,000 reports (bench/check_speed_bench).
  append_values(
      db::query(session, fmt::format("WITH wanted AS (SELECT benchmark, measure FROM metric "
                                     "WHERE report = {0}), recent AS (SELECT r.id, r.started, "
                                     "r.commit_hash FROM report r WHERE {1} ORDER BY r.started "
                                     "DESC LIMIT {2}) SELECT {3} FROM recent r JOIN metric x ON "
                                     "x.report = r.id JOIN wanted USING (benchmark, measure) "
                                     "ORDER BY x.benchmark, x.measure, r.started",
                                     id, eligible, longest_window, columns)),
      index_of, found);

  // A series absent from some of those reports has fewer values than its window there; when
  // older reports exist, those few series are read again from the whole history.
  std::string short_series;
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (found[i].values.size() >= static_cast<std::size_t>(series[i].window_reports)) continue;
    short_series += fmt::format("{}({}, {})", short_series.empty() ? "" : ", ",
                                series[i].benchmark_id, series[i].measure_id);
  }
  if (short_series.empty() ||
      db::query(session, fmt::format("SELECT count(*) AS reports FROM report r WHERE {}", eligible))
              .int64("reports", 0) <= longest_window) {
    return found;
  }
  const auto longer = db::query(
      session,
      fmt::format("WITH wanted(benchmark, measure) AS (VALUES {0}) SELECT benchmark, measure, "
                  "started_s, value, commit_hash FROM (SELECT {3}, r.started AS started, "
                  "row_number() OVER (PARTITION BY x.benchmark, x.measure ORDER BY r.started "
                  "DESC) AS newest FROM metric x JOIN wanted USING (benchmark, measure) JOIN "
                  "report r ON r.id = x.report WHERE {1}) numbered WHERE newest <= {2} "
                  "ORDER BY benchmark, measure, started",
                  short_series, eligible, longest_window, columns));
  const auto benchmark = longer.column("benchmark");
  const auto measure = longer.column("measure");
  for (uint64_t row = 0; row < longer.size(); ++row) {
    const auto at = index_of.find(key_of(benchmark.int64(row), measure.int64(row)));
    if (at != index_of.end()) found[at->second] = RecentValues{};
  }
  append_values(longer, index_of, found);
  return found;
}

}  // namespace perfwatch::store
