#include "store/postgres_mirror.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

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

// Rows taken from PostgreSQL per FETCH: the most a table's copy holds of them at once.
constexpr int fetch_batch_rows = 10'000;

// The memory the mirror's DuckDB database may hold before it spills to disk. Its process then
// peaks at about this plus 75 MB whatever the project's size (docs/performance.md: 1 M and 3 M
// metrics); spilling was no slower there than with twice the memory.
constexpr const char* mirror_memory = "128MB";

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
  // A cursor in the snapshot's transaction, read a batch at a time: the rows of a table of any
  // size are never held whole, and every batch comes from the one snapshot.
  source.execute(fmt::format("DECLARE mirror_rows NO SCROLL CURSOR FOR SELECT {} FROM {} WHERE {}",
                             select, table.name,
                             fmt::format(fmt::runtime(table.of_project), project_id)));
  mirror.execute("CREATE TABLE mirror_staging (" + staging + ")");
  {
    db::ChunkAppender appender(mirror, "mirror_staging");
    const auto fetch = fmt::format("FETCH FORWARD {} FROM mirror_rows", fetch_batch_rows);
    for (auto rows = source.run(fetch); rows->row_count() > 0; rows = source.run(fetch)) {
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
    }
    appender.flush();
  }
  source.execute("CLOSE mirror_rows");
  mirror.execute(
      fmt::format("INSERT INTO {} SELECT {} FROM mirror_staging; DROP TABLE "
                  "mirror_staging",
                  table.name, cast));
}

// The copy is an in-memory database, but one allowed only so much memory: past it DuckDB writes
// what it holds to a temporary directory of its own, which it makes on first use and removes at
// close (https://duckdb.org/docs/stable/configuration/overview: memory_limit, temp_directory).
// So a project of any size is copied in bounded memory.
void let_spill(db::Connection& mirror) {
  static std::atomic<int> mirrors = 0;
  const auto folder = std::filesystem::temp_directory_path() /
                      fmt::format("perfwatch-mirror-{}-{}", getpid(), mirrors++);
  mirror.execute(fmt::format("SET memory_limit = '{}'; SET temp_directory = {}", mirror_memory,
                             sql_quote(folder.string())));
}

}  // namespace

std::unique_ptr<Database> mirror_project(Connection& source, const std::string& slug) {
  auto found = source.run("SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (found->row_count() == 0) throw InputError("no project '" + slug + "'");
  const auto project_id = found->int64(0, 0);
  auto mirror = Database::open({":memory:", AccessMode::read_write});
  let_spill(mirror->connection());
  // One snapshot of the source, so that no row refers to one committed after it was read.
  db::Transaction snapshot(source, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  for (const auto& table : mirrored_tables) {
    copy_table(source, mirror->connection(), table, project_id);
  }
  snapshot.commit();
  return mirror;
}

}  // namespace perfwatch::pg
