#include "postgres_database.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>

#include "store/database.hpp"
#include "store/postgres.hpp"
#include "support/test_support.hpp"

namespace perfwatch::testing {
namespace {

std::string server_url() {
  const char* file = std::getenv("PERFWATCH_TEST_POSTGRES_URL_FILE");
  if (!file) {
    throw std::runtime_error(
        "PERFWATCH_TEST_POSTGRES_URL_FILE is not set: run the tests with ctest, whose postgres "
        "fixture starts a server (scripts/postgres)");
  }
  auto url = read_file(file);
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  if (url.empty()) throw std::runtime_error(std::string(file) + " is empty");
  return url;
}

std::string as_text(db::Rows& rows) {
  std::string text;
  for (uint64_t column = 0; column < rows.column_count(); ++column) {
    text += (column ? "\t" : "") + rows.column_name(column);
  }
  text += '\n';
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    for (uint64_t column = 0; column < rows.column_count(); ++column) {
      text += (column ? "\t" : "") + rows.text(column, row).value_or("NULL");
    }
    text += '\n';
  }
  return text;
}

}  // namespace

PostgresDatabase::PostgresDatabase() : server_url_(server_url()) {
  static std::atomic<int> made = 0;
  name_ = fmt::format("perfwatch_test_{}_{}", getpid(), made++);
  pg::Connection server(server_url_);
  server.execute("DROP DATABASE IF EXISTS " + name_);
  server.execute("CREATE DATABASE " + name_);
  url_ = server_url_.substr(0, server_url_.rfind('/') + 1) + name_;
}

PostgresDatabase::~PostgresDatabase() {
  try {
    pg::Connection server(server_url_);
    server.execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Left for the next run of the same pid to drop; the fixture's folder goes with build/.
  }
}

std::string query_text(const std::string& duckdb_path, const std::string& postgres_url,
                       const std::string& sql) {
  if (!postgres_url.empty()) {
    pg::Connection connection(postgres_url);
    return as_text(*connection.run(sql));
  }
  auto database = Database::open({duckdb_path, AccessMode::read_only});
  return as_text(*database->connection().run(sql));
}

}  // namespace perfwatch::testing
