#include "store/postgres_mirror.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/listing.hpp"
#include "store/transaction.hpp"

namespace perfwatch::pg {
namespace {

// The tables a report site reads, each with the condition that keeps one project's rows ({0}:
// the project's id). Parents come before the rows that refer to them.
struct MirroredTable {
  const char* name;
  const char* of_project;
};
constexpr MirroredTable mirrored_tables[] = {
    {"project", "id = {0}"},
    {"branch", "project = {0}"},
    {"testbed", "project = {0}"},
    {"benchmark", "project = {0}"},
    {"measure", "project = {0}"},
    {"report", "project = {0}"},
    {"metric", "report IN (SELECT id FROM report WHERE project = {0})"},
    {"resource_sample", "report IN (SELECT id FROM report WHERE project = {0})"},
    {"gpu_sample", "report IN (SELECT id FROM report WHERE project = {0})"},
    {"run_failure", "report IN (SELECT id FROM report WHERE project = {0})"},
    {"threshold", "project = {0}"},
    {"alert", "report IN (SELECT id FROM report WHERE project = {0})"},
    {"change_point_state", "branch IN (SELECT id FROM branch WHERE project = {0})"},
    {"ab_session", "base_report IN (SELECT id FROM report WHERE project = {0})"},
    {"ab_verdict",
     "session IN (SELECT s.id FROM ab_session s JOIN report r ON r.id = s.base_report WHERE "
     "r.project = {0})"},
};

struct Column {
  std::string name;
  std::string type;  // as DuckDB names it, e.g. "DOUBLE[]"
};

std::vector<Column> columns_of(db::Connection& mirror, const std::string& table) {
  auto rows = mirror.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = " +
      sql_quote(table) + " ORDER BY ordinal_position");
  std::vector<Column> columns;
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    columns.push_back({*rows.text(0, row), *rows.text(1, row)});
  }
  return columns;
}

// Every value travels as text in a form both databases agree on (PostgreSQL's arrays as JSON
// lists, which DuckDB casts back to lists), into an all-VARCHAR staging table; DuckDB's casts
// then give each column its type.
void copy_table(Connection& source, db::Connection& mirror, const MirroredTable& table,
                int64_t project_id) {
  const auto columns = columns_of(mirror, table.name);
  std::string select, staging, cast;
  for (const auto& column : columns) {
    const auto quoted = "\"" + column.name + "\"";
    const auto sep = select.empty() ? "" : ", ";
    select += sep + (column.type.ends_with("[]") ? "array_to_json(" + quoted + ")::text"
                                                 : quoted + "::text");
    staging += sep + quoted + " VARCHAR";
    cast += sep + quoted + "::" + column.type;
  }
  auto rows = source.run(fmt::format("SELECT {} FROM {} WHERE {}", select, table.name,
                                     fmt::format(fmt::runtime(table.of_project), project_id)));
  mirror.execute("CREATE TABLE mirror_staging (" + staging + ")");
  {
    db::ChunkAppender appender(mirror, "mirror_staging");
    for (uint64_t row = 0; row < rows->row_count(); ++row) {
      appender.begin_row();
      for (uint64_t column = 0; column < columns.size(); ++column) {
        if (auto value = rows->text(column, row)) {
          appender.set(column, std::string_view(*value));
        } else {
          appender.set_null(column);
        }
      }
    }
    appender.flush();
  }
  mirror.execute(
      fmt::format("INSERT INTO {} SELECT {} FROM mirror_staging; DROP TABLE "
                  "mirror_staging",
                  table.name, cast));
}

}  // namespace

std::unique_ptr<Database> mirror_project(Connection& source, const std::string& slug) {
  auto found = source.run("SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (found->row_count() == 0) throw InputError("no project '" + slug + "'");
  const auto project_id = found->int64(0, 0);
  auto mirror = Database::open({":memory:", AccessMode::read_write});
  // One snapshot of the source, so that no row refers to one committed after it was read.
  db::Transaction snapshot(source, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  for (const auto& table : mirrored_tables) {
    copy_table(source, mirror->connection(), table, project_id);
  }
  snapshot.commit();
  return mirror;
}

}  // namespace perfwatch::pg
