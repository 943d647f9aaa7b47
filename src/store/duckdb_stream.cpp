#include "store/duckdb_stream.hpp"

#include <string>

namespace perfwatch::db {

// A pending result made with duckdb_pending_prepared_streaming executes into a streaming
// duckdb_result, from which duckdb_fetch_chunk pulls one chunk at a time; DuckDB runs the query
// only as far as the chunks taken (duckdb.h, "Pending Result Interface" and duckdb_fetch_chunk).
StreamedRows::StreamedRows(Connection& connection, std::string_view sql) {
  const std::string statement(sql);
  if (duckdb_prepare(connection.raw(), statement.c_str(), &statement_) == DuckDBError) {
    std::string message = duckdb_prepare_error(statement_);
    duckdb_destroy_prepare(&statement_);
    throw DatabaseError(message);
  }
  duckdb_pending_result pending = nullptr;
  if (duckdb_pending_prepared_streaming(statement_, &pending) == DuckDBError) {
    std::string message = duckdb_pending_error(pending);
    duckdb_destroy_pending(&pending);
    duckdb_destroy_prepare(&statement_);
    throw DatabaseError(message);
  }
  const auto executed = duckdb_execute_pending(pending, &result_);
  duckdb_destroy_pending(&pending);
  has_result_ = true;
  if (executed == DuckDBError) {
    std::string message = duckdb_result_error(&result_);
    release();
    throw DatabaseError(message);
  }
  columns_ = duckdb_column_count(&result_);
  for (uint64_t column = 0; column < columns_; ++column) {
    if (duckdb_column_type(&result_, column) != DUCKDB_TYPE_VARCHAR) {
      std::string name = duckdb_column_name(&result_, column);
      release();
      throw DatabaseError("streamed column " + name + " is not VARCHAR");
    }
  }
  data_.resize(columns_);
  validity_.resize(columns_);
}

StreamedRows::~StreamedRows() { release(); }

void StreamedRows::release() {
  if (chunk_) duckdb_destroy_data_chunk(&chunk_);
  if (has_result_) duckdb_destroy_result(&result_);
  has_result_ = false;
  if (statement_) duckdb_destroy_prepare(&statement_);
}

bool StreamedRows::next_chunk() {
  if (chunk_) duckdb_destroy_data_chunk(&chunk_);
  chunk_rows_ = 0;
  chunk_ = duckdb_fetch_chunk(result_);
  if (!chunk_) {
    // The end of the rows, or a failure while running: the result's error tells them apart.
    if (const char* error = duckdb_result_error(&result_)) throw DatabaseError(error);
    return false;
  }
  chunk_rows_ = duckdb_data_chunk_get_size(chunk_);
  for (uint64_t column = 0; column < columns_; ++column) {
    auto* vector = duckdb_data_chunk_get_vector(chunk_, column);
    data_[column] = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
    validity_[column] = duckdb_vector_get_validity(vector);
  }
  // DuckDB may hand over an empty chunk before the last; only a null chunk ends the rows.
  return true;
}

std::optional<std::string_view> StreamedRows::text(uint64_t column, uint64_t row) const {
  if (validity_[column] && !duckdb_validity_row_is_valid(validity_[column], row)) {
    return std::nullopt;
  }
  auto& value = data_[column][row];
  return std::string_view(duckdb_string_t_data(&value), duckdb_string_t_length(value));
}

}  // namespace perfwatch::db
