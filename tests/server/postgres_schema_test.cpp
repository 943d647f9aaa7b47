// The same migrations on PostgreSQL as on DuckDB: the same tables and columns; and the
// databases `serve --postgres` must refuse (unreachable, someone else's, newer), each with one
// line and exit code 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "postgres_database.hpp"
#include "store/database.hpp"
#include "store/postgres.hpp"
#include "store/postgres_pool.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;

// Each column as "table.column type NULL|NOT NULL", in the tables' order, with each database's
// name for a type turned into one spelling.
std::vector<std::string> columns(db::Session& session, const std::string& type_expression) {
  static const std::map<std::string, std::string> same_type = {
      {"character varying", "VARCHAR"}, {"double precision", "DOUBLE"},
      {"_float8", "DOUBLE[]"},          {"timestamp without time zone", "TIMESTAMP"},
      {"integer", "INTEGER"},           {"bigint", "BIGINT"},
      {"boolean", "BOOLEAN"},           {"uuid", "UUID"}};
  auto rows =
      session.run("SELECT table_name, column_name, " + type_expression +
                  ", is_nullable FROM information_schema.columns WHERE table_schema NOT IN "
                  "('pg_catalog', 'information_schema') ORDER BY table_name, ordinal_position");
  std::vector<std::string> found;
  for (uint64_t row = 0; row < rows->row_count(); ++row) {
    auto type = *rows->text(2, row);
    if (const auto known = same_type.find(type); known != same_type.end()) type = known->second;
    found.push_back(*rows->text(0, row) + "." + *rows->text(1, row) + " " + type +
                    (*rows->text(3, row) == "YES" ? " NULL" : " NOT NULL"));
  }
  return found;
}

TEST(PostgresSchema, MigrationsMakeTheSameTablesAndColumnsAsOnDuckdb) {
  testing::ScratchDir dir;
  auto duckdb = Database::open({(dir / "same.duckdb").string()});
  testing::PostgresDatabase postgres;
  pg::Pool::open(postgres.url());
  pg::Connection connection(postgres.url());

  const auto on_duckdb = columns(duckdb->connection(), "data_type");
  const auto on_postgres = columns(
      connection, "CASE WHEN data_type = 'ARRAY' THEN udt_name::VARCHAR ELSE data_type END");
  ASSERT_GT(on_duckdb.size(), 50u);
  EXPECT_EQ(on_postgres, on_duckdb);
  const std::string version = "SELECT value FROM perfwatch_meta WHERE key = 'schema_version'";
  EXPECT_EQ(*connection.run(version)->text(0, 0), *duckdb->connection().run(version)->text(0, 0));

  pg::Pool::open(postgres.url());  // a second start finds the schema current and changes nothing
  EXPECT_EQ(columns(connection,
                    "CASE WHEN data_type = 'ARRAY' THEN udt_name::VARCHAR ELSE data_type END"),
            on_postgres);
}

// perfwatch serve --postgres URL, expected to stop at once with exit code 2 and one line.
void expect_refused(const std::string& url, const std::string& message) {
  const auto refused = run_perfwatch({"serve", "--port", "0", "--postgres", url});
  EXPECT_EQ(refused.exit_code, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find(message), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
}

TEST(PostgresSchema, ServeRefusesWhatItCannotUseWithOneLine) {
  expect_refused("postgresql://postgres@127.0.0.1:1/perfwatch", "--postgres: cannot connect");
  expect_refused("postgresql://[no-such-host", "--postgres: cannot connect");

  testing::PostgresDatabase foreign;
  pg::Connection(foreign.url()).execute("CREATE TABLE invoices (id INTEGER)");
  expect_refused(foreign.url(), "not a perfwatch database");
  EXPECT_EQ(*pg::Connection(foreign.url())
                 .run("SELECT count(*) FROM information_schema.tables WHERE table_schema = "
                      "'public'")
                 ->text(0, 0),
            "1")
      << "a database perfwatch refused must be left as it was";

  testing::PostgresDatabase newer;
  pg::Pool::open(newer.url());
  pg::Connection(newer.url())
      .execute("UPDATE perfwatch_meta SET value = '999' WHERE key = 'schema_version'");
  expect_refused(newer.url(), "written by a newer perfwatch");
}

}  // namespace
}  // namespace perfwatch
