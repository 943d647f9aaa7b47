// A fresh, empty PostgreSQL database for one test, on the server CTest's `postgres` fixture
// started (scripts/postgres), dropped when the test ends. Its URL is read from the file named by
// $PERFWATCH_TEST_POSTGRES_URL_FILE; without it the test fails (it is never skipped).
#pragma once

#include <string>

namespace perfwatch::testing {

class PostgresDatabase {
 public:
  PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  ~PostgresDatabase();
  const std::string& url() const { return url_; }

 private:
  std::string server_url_;  // the server's own database, where this one is made and dropped
  std::string name_;
  std::string url_;
};

// The rows of `sql` run on the DuckDB file `duckdb_path` or, when empty, on `postgres_url`: the
// column names, then each row, with tabs between values and a newline after each line.
std::string query_text(const std::string& duckdb_path, const std::string& postgres_url,
                       const std::string& sql);

}  // namespace perfwatch::testing
