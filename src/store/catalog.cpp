#include "store/catalog.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

std::string where_project(int32_t project_id, const char* column) {
  return project_id == 0 ? std::string() : fmt::format(" WHERE {} = {}", column, project_id);
}

int32_t int32(const db::NamedRows& rows, std::string_view column, uint64_t row) {
  return static_cast<int32_t>(rows.int64(column, row));
}

// The rows of `table` (branch, testbed, benchmark: an id, a project, a name and one text more,
// the SQL `detail`, Named's last field) of project `project_id` (all when 0), in `order`.
template <typename Named>
std::vector<Named> load_named(db::Session& session, const char* table, const char* detail,
                              const char* order, int32_t project_id) {
  const auto rows =
      db::query(session, fmt::format("SELECT id, project, name, {} AS detail FROM {}{} ORDER BY {}",
                                     detail, table, where_project(project_id, "project"), order));
  std::vector<Named> named;
  named.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    named.push_back({int32(rows, "id", row), int32(rows, "project", row), rows.text("name", row),
                     rows.text("detail", row)});
  }
  return named;
}

}  // namespace

int32_t project_id_of(db::Session& session, const std::string& slug) {
  if (slug.empty()) return 0;
  const auto rows = db::query(session, "SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (rows.size() == 0) throw InputError("--project: no project " + slug + " in the database");
  return int32(rows, "id", 0);
}

Catalog load_catalog(db::Session& session, int32_t project_id) {
  Catalog catalog;
  const auto projects = db::query(session, "SELECT id, slug, name FROM project" +
                                               where_project(project_id, "id") + " ORDER BY slug");
  for (uint64_t row = 0; row < projects.size(); ++row) {
    catalog.projects.push_back(
        {int32(projects, "id", row), projects.text("slug", row), projects.text("name", row)});
  }
  catalog.branches = load_named<CatalogBranch>(
      session, "branch", "coalesce(start_point_commit, '')", "name, id", project_id);
  catalog.testbeds =
      load_named<CatalogTestbed>(session, "testbed", "fingerprint", "name, id", project_id);
  const auto measures =
      db::query(session, "SELECT id, project, slug, units, direction FROM measure" +
                             where_project(project_id, "project") + " ORDER BY slug, id");
  for (uint64_t row = 0; row < measures.size(); ++row) {
    catalog.measures.push_back({int32(measures, "id", row), int32(measures, "project", row),
                                measures.text("slug", row), measures.text("units", row),
                                measures.text("direction", row)});
  }
  catalog.benchmarks =
      load_named<CatalogBenchmark>(session, "benchmark", "params", "name, params, id", project_id);
  const auto alerts =
      db::query(session,
                "SELECT a.id AS id, a.report::VARCHAR AS report, a.benchmark AS benchmark, "
                "a.measure AS measure, a.kind AS kind, a.status AS status, a.value AS value, "
                "a.baseline AS baseline, a.limit_value AS limit_value, a.message AS message, "
                "strftime(a.created, '%Y-%m-%dT%H:%M:%SZ') AS created "
                "FROM alert a JOIN report r ON r.id = a.report" +
                    where_project(project_id, "r.project") + " ORDER BY a.created DESC, a.id DESC");
  for (uint64_t row = 0; row < alerts.size(); ++row) {
    catalog.alerts.push_back({alerts.int64("id", row), alerts.text("report", row),
                              int32(alerts, "benchmark", row), int32(alerts, "measure", row),
                              alerts.text("kind", row), alerts.text("status", row),
                              alerts.number("value", row), alerts.optional_number("baseline", row),
                              alerts.optional_number("limit_value", row),
                              alerts.text("message", row), alerts.text("created", row)});
  }
  return catalog;
}

}  // namespace perfwatch::store
