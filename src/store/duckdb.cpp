#include "store/duckdb.hpp"

#include <utility>

namespace perfwatch::db {

Result::Result(Result&& other) noexcept
    : result_(other.result_), valid_(std::exchange(other.valid_, false)) {}

Result& Result::operator=(Result&& other) noexcept {
  if (this != &other) {
    reset();
    result_ = other.result_;
    valid_ = std::exchange(other.valid_, false);
  }
  return *this;
}

void Result::reset() {
  if (valid_) duckdb_destroy_result(&result_);
  valid_ = false;
}

uint64_t Result::row_count() { return duckdb_row_count(&result_); }
uint64_t Result::column_count() { return duckdb_column_count(&result_); }
std::string Result::column_name(uint64_t column) { return duckdb_column_name(&result_, column); }
bool Result::is_null(uint64_t column, uint64_t row) {
  return duckdb_value_is_null(&result_, column, row);
}

std::optional<std::string> Result::text(uint64_t column, uint64_t row) {
  if (is_null(column, row)) return std::nullopt;
  char* value = duckdb_value_varchar(&result_, column, row);
  std::string copy = value ? value : "";
  duckdb_free(value);
  return copy;
}

int64_t Result::int64(uint64_t column, uint64_t row) {
  return duckdb_value_int64(&result_, column, row);
}
double Result::number(uint64_t column, uint64_t row) {
  return duckdb_value_double(&result_, column, row);
}

Connection::Connection(duckdb_database database) {
  if (duckdb_connect(database, &connection_) == DuckDBError) {
    throw DatabaseError("cannot connect to the database");
  }
}

Connection::~Connection() { duckdb_disconnect(&connection_); }

Result Connection::query(std::string_view sql) {
  duckdb_result result;
  const std::string statement(sql);
  if (duckdb_query(connection_, statement.c_str(), &result) == DuckDBError) {
    std::string message = duckdb_result_error(&result);
    duckdb_destroy_result(&result);
    throw DatabaseError(message);
  }
  return Result(result);
}

Prepared::Prepared(Connection& connection, std::string_view sql) {
  const std::string statement(sql);
  if (duckdb_prepare(connection.raw(), statement.c_str(), &statement_) == DuckDBError) {
    std::string message = duckdb_prepare_error(statement_);
    duckdb_destroy_prepare(&statement_);
    throw DatabaseError(message);
  }
}

Prepared::~Prepared() { duckdb_destroy_prepare(&statement_); }

void Prepared::check(duckdb_state state, uint64_t index) {
  if (state == DuckDBError) {
    throw DatabaseError("cannot bind parameter " + std::to_string(index));
  }
}

Prepared& Prepared::bind(uint64_t index, std::string_view value) {
  check(duckdb_bind_varchar_length(statement_, index, value.data(), value.size()), index);
  return *this;
}
Prepared& Prepared::bind(uint64_t index, int64_t value) {
  check(duckdb_bind_int64(statement_, index, value), index);
  return *this;
}
Prepared& Prepared::bind(uint64_t index, double value) {
  check(duckdb_bind_double(statement_, index, value), index);
  return *this;
}
Prepared& Prepared::bind(uint64_t index, bool value) {
  check(duckdb_bind_boolean(statement_, index, value), index);
  return *this;
}
Prepared& Prepared::bind_null(uint64_t index) {
  check(duckdb_bind_null(statement_, index), index);
  return *this;
}
Prepared& Prepared::bind_text_or_null(uint64_t index, std::string_view value) {
  return value.empty() ? bind_null(index) : bind(index, value);
}

Result Prepared::run() {
  duckdb_result result;
  if (duckdb_execute_prepared(statement_, &result) == DuckDBError) {
    std::string message = duckdb_result_error(&result);
    duckdb_destroy_result(&result);
    throw DatabaseError(message);
  }
  return Result(result);
}

Appender::Appender(Connection& connection, const char* table) {
  if (duckdb_appender_create(connection.raw(), nullptr, table, &appender_) == DuckDBError) {
    std::string message = duckdb_appender_error(appender_);
    duckdb_appender_destroy(&appender_);
    throw DatabaseError(message);
  }
}

// Destroying flushes what is still buffered; callers that care about errors flush() first.
Appender::~Appender() { duckdb_appender_destroy(&appender_); }

void Appender::check(duckdb_state state) {
  if (state == DuckDBError) throw DatabaseError(duckdb_appender_error(appender_));
}

Appender& Appender::append(int64_t value) {
  check(duckdb_append_int64(appender_, value));
  return *this;
}
Appender& Appender::append(int32_t value) {
  check(duckdb_append_int32(appender_, value));
  return *this;
}
Appender& Appender::append(double value) {
  check(duckdb_append_double(appender_, value));
  return *this;
}
Appender& Appender::append(std::string_view value) {
  check(duckdb_append_varchar_length(appender_, value.data(), value.size()));
  return *this;
}
Appender& Appender::append_null() {
  check(duckdb_append_null(appender_));
  return *this;
}
Appender& Appender::append_value(duckdb_value value) {
  const auto state = duckdb_append_value(appender_, value);
  duckdb_destroy_value(&value);
  check(state);
  return *this;
}
void Appender::end_row() { check(duckdb_appender_end_row(appender_)); }
void Appender::flush() { check(duckdb_appender_flush(appender_)); }

}  // namespace perfwatch::db
