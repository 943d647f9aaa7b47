#include "store/alerts.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {

nlohmann::ordered_json to_json(const Alert& alert) {
  return {{"id", alert.id},           {"status", alert.status},       {"kind", alert.kind},
          {"project", alert.project}, {"branch", alert.branch},       {"testbed", alert.testbed},
          {"commit", alert.commit},   {"benchmark", alert.benchmark}, {"measure", alert.measure},
          {"value", alert.value},     {"message", alert.message},     {"created", alert.created},
          {"report", alert.report}};
}

void check_alert_status(const std::string& status, std::string_view flag) {
  if (status == "all" || std::find(std::begin(alert_statuses), std::end(alert_statuses), status) !=
                             std::end(alert_statuses)) {
    return;
  }
  throw InputError(fmt::format(
      "{}: '{}' is not one of active, acknowledged, dismissed, resolved, all", flag, status));
}

std::vector<Alert> list_alerts(db::Session& session, const AlertFilter& filter) {
  check_alert_status(filter.status, "--status");
  std::string where = "true";
  if (filter.status != "all") where += " AND a.status = " + sql_quote(filter.status);
  if (!filter.project.empty()) where += " AND p.slug = " + sql_quote(filter.project);
  if (filter.project_id) where += fmt::format(" AND r.project = {}", *filter.project_id);
  const auto rows = db::query(
      session,
      "SELECT a.id AS id, a.status AS status, a.kind AS kind, p.slug AS project, "
      "b.name AS branch, t.name AS testbed, coalesce(r.commit_hash, '') AS commit_hash, "
      "bm.name AS benchmark, m.slug AS measure, a.value AS value, a.message AS message, "
      "a.created::VARCHAR AS created, a.report::VARCHAR AS report FROM alert a "
      "JOIN report r ON r.id = a.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed "
      "JOIN benchmark bm ON bm.id = a.benchmark JOIN measure m ON m.id = a.measure WHERE " +
          where + " ORDER BY a.id");
  std::vector<Alert> alerts;
  for (uint64_t row = 0; row < rows.size(); ++row) {
    alerts.push_back({.id = rows.int64("id", row),
                      .status = rows.text("status", row),
                      .kind = rows.text("kind", row),
                      .project = rows.text("project", row),
                      .branch = rows.text("branch", row),
                      .testbed = rows.text("testbed", row),
                      .commit = rows.text("commit_hash", row),
                      .benchmark = rows.text("benchmark", row),
                      .measure = rows.text("measure", row),
                      .value = rows.number("value", row),
                      .message = rows.text("message", row),
                      .created = rows.text("created", row),
                      .report = rows.text("report", row)});
  }
  return alerts;
}

bool set_alert_status(db::Session& session, int64_t id, std::string_view status,
                      std::optional<int64_t> project_id) {
  const auto changed = db::query(
      session,
      fmt::format("UPDATE alert SET status = {}, updated = now()::TIMESTAMP WHERE id = {}{} "
                  "RETURNING id",
                  sql_quote(status), id,
                  project_id ? fmt::format(" AND report IN (SELECT id FROM report WHERE "
                                           "project = {})",
                                           *project_id)
                             : ""));
  return changed.size() > 0;
}

std::size_t add_alerts(db::Session& session, const std::string& report_id,
                       const std::vector<NewAlert>& alerts) {
  if (alerts.empty()) return 0;
  std::string values;
  for (const auto& alert : alerts) {
    // Typed, so that PostgreSQL does not take a column of NULLs for text.
    values += fmt::format(
        "{}({}, {}, {}, CAST({} AS INTEGER), CAST({} AS DOUBLE PRECISION), "
        "CAST({} AS DOUBLE PRECISION), CAST({} AS DOUBLE PRECISION), {})",
        values.empty() ? "" : ", ", alert.benchmark_id, alert.measure_id, sql_quote(alert.kind),
        alert.threshold ? std::to_string(*alert.threshold) : "NULL", alert.value,
        sql_number(alert.baseline), sql_number(alert.limit), sql_quote(alert.message));
  }
  const auto inserted = db::query(
      session,
      fmt::format(
          "INSERT INTO alert (id, report, benchmark, measure, threshold, kind, status, value, "
          "baseline, limit_value, message, created, updated) "
          "SELECT (SELECT coalesce(max(id), 0) FROM alert) + row_number() OVER "
          "(ORDER BY v.benchmark, v.measure, v.kind), {0}, v.benchmark, v.measure, v.threshold, "
          "v.kind, 'active', v.value, v.baseline, v.limit_value, v.message, now()::TIMESTAMP, "
          "now()::TIMESTAMP FROM (VALUES {1}) v(benchmark, measure, kind, threshold, value, "
          "baseline, limit_value, message) WHERE NOT EXISTS (SELECT 1 FROM alert a WHERE "
          "a.report = {0} AND a.benchmark = v.benchmark AND a.measure = v.measure AND "
          "a.kind = v.kind) RETURNING id",
          sql_quote(report_id) + "::UUID", values));
  return inserted.size();
}

std::vector<EarlierAlert> earlier_active_alerts(db::Session& session,
                                                const std::string& report_id) {
  const auto rows = db::query(
      session,
      "SELECT a.id AS id, a.benchmark AS benchmark, a.measure AS measure, a.kind AS kind, "
      "a.limit_value AS limit_value FROM alert a JOIN report r ON r.id = a.report "
      "JOIN report this ON this.id = " +
          sql_quote(report_id) +
          "::UUID WHERE a.status = 'active' AND a.report <> this.id AND r.branch = this.branch "
          "AND r.testbed = this.testbed AND r.started < this.started ORDER BY a.id");
  std::vector<EarlierAlert> alerts;
  for (uint64_t row = 0; row < rows.size(); ++row) {
    alerts.push_back({.id = rows.int64("id", row),
                      .benchmark_id = static_cast<int32_t>(rows.int64("benchmark", row)),
                      .measure_id = static_cast<int32_t>(rows.int64("measure", row)),
                      .kind = rows.text("kind", row),
                      .limit = rows.optional_number("limit_value", row)});
  }
  return alerts;
}

void resolve_alerts(db::Session& session, const std::vector<int64_t>& ids) {
  if (ids.empty()) return;
  std::string list;
  for (const auto id : ids) list += (list.empty() ? "" : ", ") + std::to_string(id);
  session.execute("UPDATE alert SET status = 'resolved', updated = now()::TIMESTAMP WHERE id IN (" +
                  list + ")");
}

}  // namespace perfwatch::store
