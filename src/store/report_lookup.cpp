#include "store/report_lookup.hpp"

#include <nlohmann/json.hpp>

#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {

std::vector<SampledMetric> load_sampled_metrics(db::Session& session,
                                                const std::string& report_id) {
  const auto rows = db::query(
      session,
      "SELECT bm.name AS benchmark, bm.params AS params, m.slug AS measure, m.units AS units, "
      "m.direction AS direction, x.value AS value, "
      "list_filter(coalesce(x.samples, []::DOUBLE[]), s -> isfinite(s))::VARCHAR AS samples "
      "FROM metric x "
      "JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure "
      "WHERE x.report = " +
          sql_quote(report_id) + "::UUID");
  std::vector<SampledMetric> metrics;
  metrics.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    // DuckDB prints doubles so that they read back exactly; a list prints as a JSON array.
    metrics.push_back(
        {rows.text("benchmark", row), rows.text("params", row), rows.text("measure", row),
         rows.text("units", row), rows.text("direction", row), rows.number("value", row),
         nlohmann::json::parse(rows.text("samples", row)).get<std::vector<double>>()});
  }
  return metrics;
}

std::optional<NamedReport> find_named_report(db::Session& session, const std::string& name) {
  const auto quoted = sql_quote(name);
  for (const auto& [condition, kind] :
       {std::pair{"starts_with(r.id::VARCHAR, lower(" + quoted + "))", "report"},
        std::pair{"b.name = " + quoted, "branch"},
        std::pair{"starts_with(r.commit_hash, " + quoted + ")", "commit"}}) {
    const auto found = db::query(session,
                                 "SELECT r.id::VARCHAR AS id FROM report r JOIN branch b ON "
                                 "b.id = r.branch WHERE " +
                                     condition + " ORDER BY r.started DESC LIMIT 1");
    if (found.size() > 0) return NamedReport{kind, found.text("id", 0)};
  }
  return std::nullopt;
}

std::string base_report_of(db::Session& session, const std::string& report_id) {
  const auto rows = db::query(
      session,
      "SELECT b.id::VARCHAR AS id FROM report r JOIN branch bb ON bb.project = r.project AND "
      "bb.name = r.base_branch JOIN report b ON b.branch = bb.id AND b.testbed = r.testbed AND "
      "b.started < r.started AND coalesce(json_extract_string(b.settings, '$.shard'), '') = "
      "coalesce(json_extract_string(r.settings, '$.shard'), '') WHERE r.id = " +
          sql_quote(report_id) + "::UUID ORDER BY b.started DESC, b.id DESC LIMIT 1");
  return rows.size() == 0 ? std::string() : rows.text("id", 0);
}

std::string ci_run_url_of(db::Session& session, const std::string& report_id) {
  const auto rows = db::query(session,
                              "SELECT coalesce(ci_run_url, '') AS ci_run_url FROM "
                              "report WHERE id = " +
                                  sql_quote(report_id) + "::UUID");
  return rows.size() == 0 ? std::string() : rows.text("ci_run_url", 0);
}

}  // namespace perfwatch::store
