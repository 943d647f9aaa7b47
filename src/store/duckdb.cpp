#include "store/duckdb.hpp"

#include <cstring>
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
ColumnKind Result::column_kind(uint64_t column) {
  switch (duckdb_column_type(&result_, column)) {
    case DUCKDB_TYPE_BOOLEAN:
      return ColumnKind::boolean;
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
      return ColumnKind::integer;
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
      return ColumnKind::real;
    default:
      return ColumnKind::text;
  }
}

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

bool Connection::has_table(const char* name) {
  duckdb_table_description description = nullptr;
  const bool found =
      duckdb_table_description_create(connection_, nullptr, name, &description) == DuckDBSuccess;
  duckdb_table_description_destroy(&description);  // needed even when creating it failed
  return found;
}

std::unique_ptr<Rows> Connection::run(std::string_view sql) {
  return std::make_unique<Result>(query(sql));
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

duckdb_hugeint uuid_from_text(std::string_view text) {
  auto digit = [&](char c) -> uint64_t {
    if (c >= '0' && c <= '9') return static_cast<uint64_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint64_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<uint64_t>(c - 'A' + 10);
    throw DatabaseError("not a UUID: " + std::string(text));
  };
  if (text.size() != 36) throw DatabaseError("not a UUID: " + std::string(text));
  uint64_t upper = 0;
  uint64_t lower = 0;
  int digits = 0;
  for (std::size_t index = 0; index < text.size(); ++index) {
    const bool dash = index == 8 || index == 13 || index == 18 || index == 23;
    if (dash) {
      if (text[index] != '-') throw DatabaseError("not a UUID: " + std::string(text));
      continue;
    }
    auto& half = digits++ < 16 ? upper : lower;
    half = half << 4 | digit(text[index]);
  }
  // DuckDB flips the top bit so that UUIDs sort as their text does.
  return duckdb_hugeint{lower, static_cast<int64_t>(upper ^ (uint64_t{1} << 63))};
}

ChunkAppender::ChunkAppender(Connection& connection, const char* table) {
  if (duckdb_appender_create(connection.raw(), nullptr, table, &appender_) == DuckDBError) {
    std::string message = duckdb_appender_error(appender_);
    duckdb_appender_destroy(&appender_);
    throw DatabaseError(message);
  }
  const auto columns = duckdb_appender_column_count(appender_);
  std::vector<duckdb_logical_type> logical_types(columns);
  for (uint64_t column = 0; column < columns; ++column) {
    logical_types[column] = duckdb_appender_column_type(appender_, column);
    auto type = duckdb_get_type_id(logical_types[column]);
    if (type == DUCKDB_TYPE_LIST) {
      auto child = duckdb_list_type_child_type(logical_types[column]);
      if (duckdb_get_type_id(child) != DUCKDB_TYPE_DOUBLE) type = DUCKDB_TYPE_INVALID;
      duckdb_destroy_logical_type(&child);
    }
    types_.push_back(type);
  }
  chunk_ = duckdb_create_data_chunk(logical_types.data(), columns);
  for (auto& type : logical_types) duckdb_destroy_logical_type(&type);
  capacity_ = duckdb_vector_size();
  vectors_.resize(columns);
  data_.resize(columns);
  validity_.resize(columns);
  list_lengths_.resize(columns);
  start_chunk();
}

ChunkAppender::~ChunkAppender() {
  duckdb_destroy_data_chunk(&chunk_);
  duckdb_appender_destroy(&appender_);
}

// Column vectors and their data move when DuckDB resets a chunk: fetch them again.
void ChunkAppender::start_chunk() {
  duckdb_data_chunk_reset(chunk_);
  for (uint64_t column = 0; column < types_.size(); ++column) {
    vectors_[column] = duckdb_data_chunk_get_vector(chunk_, column);
    data_[column] = duckdb_vector_get_data(vectors_[column]);
    validity_[column] = nullptr;
    if (types_[column] == DUCKDB_TYPE_LIST) {
      list_lengths_[column] = 0;
      duckdb_list_vector_set_size(vectors_[column], 0);
    }
  }
  rows_ = 0;
}

void ChunkAppender::append_chunk() {
  if (rows_ == 0) return;
  if (before_handing_rows_) before_handing_rows_();
  duckdb_data_chunk_set_size(chunk_, rows_);
  if (duckdb_append_data_chunk(appender_, chunk_) == DuckDBError) {
    throw DatabaseError(duckdb_appender_error(appender_));
  }
  start_chunk();
}

void ChunkAppender::begin_row() {
  if (rows_ == capacity_) append_chunk();
  row_ = rows_++;
}

void ChunkAppender::expect(uint64_t column, duckdb_type type) const {
  if (column >= types_.size() || types_[column] != type) {
    throw DatabaseError("appender: column " + std::to_string(column) + " is not of the type set");
  }
}

void ChunkAppender::set(uint64_t column, std::string_view value) {
  expect(column, DUCKDB_TYPE_VARCHAR);
  duckdb_vector_assign_string_element_len(vectors_[column], row_, value.data(), value.size());
}

void ChunkAppender::set_doubles(uint64_t column, std::span<const double> values) {
  expect(column, DUCKDB_TYPE_LIST);
  auto vector = vectors_[column];
  const auto offset = list_lengths_[column];
  const auto length = offset + values.size();
  if (duckdb_list_vector_reserve(vector, length) == DuckDBError ||
      duckdb_list_vector_set_size(vector, length) == DuckDBError) {
    throw DatabaseError("appender: cannot grow a list column");
  }
  auto* elements =
      static_cast<double*>(duckdb_vector_get_data(duckdb_list_vector_get_child(vector)));
  std::memcpy(elements + offset, values.data(), values.size_bytes());
  static_cast<duckdb_list_entry*>(data_[column])[row_] = {offset, values.size()};
  list_lengths_[column] = length;
}

void ChunkAppender::set_null(uint64_t column) {
  if (validity_[column] == nullptr) {
    duckdb_vector_ensure_validity_writable(vectors_[column]);
    validity_[column] = duckdb_vector_get_validity(vectors_[column]);
  }
  duckdb_validity_set_row_invalid(validity_[column], row_);
  if (types_[column] == DUCKDB_TYPE_LIST) {
    static_cast<duckdb_list_entry*>(data_[column])[row_] = {list_lengths_[column], 0};
  }
}

void ChunkAppender::flush() {
  append_chunk();
  if (before_handing_rows_) before_handing_rows_();
  if (duckdb_appender_flush(appender_) == DuckDBError) {
    throw DatabaseError(duckdb_appender_error(appender_));
  }
}

}  // namespace perfwatch::db
