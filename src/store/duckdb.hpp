// store: everything that touches the database file: RAII wrappers of DuckDB's C API, the schema
// and its migrations, opening with locking and identity checks, and writing reports. Nothing
// outside store/ includes duckdb.h.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <duckdb.h>

namespace perfwatch::db {

// A database operation that failed for a reason that is not the user's input (exit code 3).
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Result {
 public:
  Result() = default;
  explicit Result(duckdb_result result) : result_(result), valid_(true) {}
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() { reset(); }

  uint64_t row_count();
  uint64_t column_count();
  std::string column_name(uint64_t column);
  bool is_null(uint64_t column, uint64_t row);
  // Any value cast to text; empty optional for NULL.
  std::optional<std::string> text(uint64_t column, uint64_t row);
  int64_t int64(uint64_t column, uint64_t row);
  double number(uint64_t column, uint64_t row);
  duckdb_result* raw() { return &result_; }

 private:
  void reset();
  duckdb_result result_{};
  bool valid_ = false;
};

class Connection {
 public:
  explicit Connection(duckdb_database database);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs sql; throws DatabaseError with DuckDB's message on failure.
  Result query(std::string_view sql);
  void execute(std::string_view sql) { (void)query(sql); }
  duckdb_connection raw() const { return connection_; }

 private:
  duckdb_connection connection_ = nullptr;
};

class Prepared {
 public:
  Prepared(Connection& connection, std::string_view sql);
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;
  ~Prepared();

  // Parameters are numbered from 1, as in DuckDB.
  Prepared& bind(uint64_t index, std::string_view value);
  Prepared& bind(uint64_t index, int64_t value);
  Prepared& bind(uint64_t index, double value);
  Prepared& bind(uint64_t index, bool value);
  Prepared& bind_null(uint64_t index);
  // Binds text, or NULL when empty.
  Prepared& bind_text_or_null(uint64_t index, std::string_view value);
  Result run();

 private:
  void check(duckdb_state state, uint64_t index);
  duckdb_prepared_statement statement_ = nullptr;
};

class Appender {
 public:
  Appender(Connection& connection, const char* table);
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  ~Appender();

  Appender& append(int64_t value);
  Appender& append(int32_t value);
  Appender& append(double value);
  Appender& append(std::string_view value);
  Appender& append_null();
  // Takes ownership of value.
  Appender& append_value(duckdb_value value);
  void end_row();
  void flush();

 private:
  void check(duckdb_state state);
  duckdb_appender appender_ = nullptr;
};

}  // namespace perfwatch::db
