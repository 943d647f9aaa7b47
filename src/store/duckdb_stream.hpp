// store: a DuckDB query read a chunk at a time (DuckDB's streaming result), for copying a table
// of any size out of a database with memory that does not grow with the table
// (store/merge_staging.cpp).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "store/duckdb.hpp"

namespace perfwatch::db {

// The rows of `sql`, handed over as DuckDB produces them: one data chunk of at most
// duckdb_vector_size() (2,048) rows at a time, the chunk before it released. Every column of the
// query must be VARCHAR (cast in its SQL); the constructor throws DatabaseError otherwise or when
// the query fails. The connection runs nothing else while this lives.
class StreamedRows {
 public:
  StreamedRows(Connection& connection, std::string_view sql);
  StreamedRows(const StreamedRows&) = delete;
  StreamedRows& operator=(const StreamedRows&) = delete;
  ~StreamedRows();

  // Moves to the next chunk; false when the rows are exhausted. Throws DatabaseError when the
  // query fails while it runs.
  bool next_chunk();
  uint64_t column_count() const { return columns_; }
  // Rows in the current chunk.
  uint64_t chunk_rows() const { return chunk_rows_; }
  // The value in `column` of row `row` of the current chunk; nullopt for NULL. Valid until the
  // next call of next_chunk().
  std::optional<std::string_view> text(uint64_t column, uint64_t row) const;

 private:
  void release();
  duckdb_prepared_statement statement_ = nullptr;
  duckdb_result result_{};
  bool has_result_ = false;
  duckdb_data_chunk chunk_ = nullptr;
  uint64_t columns_ = 0;
  uint64_t chunk_rows_ = 0;
  std::vector<duckdb_string_t*> data_;
  std::vector<uint64_t*> validity_;  // null where a column has no NULL in the chunk
};

}  // namespace perfwatch::db
