// store: everything that touches the database file: RAII wrappers of DuckDB's C API, the schema
// and its migrations, opening with locking and identity checks, and writing reports. duckdb.h
// comes with this header: detect/, report/, server/ and cli/ include it too (issue 17's to-do).
#pragma once

#include <duckdb.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::db {

class Result final : public Rows {
 public:
  Result() = default;
  explicit Result(duckdb_result result) : result_(result), valid_(true) {}
  Result(Result&& other) noexcept;
  Result& operator=(Result&& other) noexcept;
  Result(const Result&) = delete;
  Result& operator=(const Result&) = delete;
  ~Result() override { reset(); }

  uint64_t row_count() override;
  uint64_t column_count() override;
  std::string column_name(uint64_t column) override;
  ColumnKind column_kind(uint64_t column) override;
  bool is_null(uint64_t column, uint64_t row) override;
  // Any value cast to text by DuckDB; empty optional for NULL.
  std::optional<std::string> text(uint64_t column, uint64_t row) override;
  int64_t int64(uint64_t column, uint64_t row) override;
  double number(uint64_t column, uint64_t row) override;
  duckdb_result* raw() { return &result_; }

 private:
  void reset();
  duckdb_result result_{};
  bool valid_ = false;
};

class Connection final : public Session {
 public:
  explicit Connection(duckdb_database database);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() override;

  // Runs sql; throws DatabaseError with DuckDB's message on failure.
  Result query(std::string_view sql);
  std::unique_ptr<Rows> run(std::string_view sql) override;
  // Whether the main schema holds a table of this name. Asked through DuckDB's table
  // description, not SQL: a query naming a missing table (DuckDB looks for similar names) or
  // listing the tables makes DuckDB first build its ~60 default views, ~37 M instructions.
  bool has_table(const char* name);
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

// A UUID as DuckDB keeps it in a vector: a hugeint whose top bit is flipped. Throws
// DatabaseError when text is not 36 characters of 8-4-4-4-12 hexadecimal digits.
duckdb_hugeint uuid_from_text(std::string_view text);

// Appends rows to a table through DuckDB's data-chunk API: values are written straight into the
// column vectors of a chunk of duckdb_vector_size() rows, and a full chunk goes to the appender
// in one call. Several times cheaper than one duckdb_append_* call per value, and no value is
// boxed or cast. Rows must fill every column with the setter of its type (set_uuid for UUID,
// set_doubles for DOUBLE[]); a setter of the wrong type throws DatabaseError.
// Destroying it discards the rows of the chunk being filled (call flush() to keep them), and
// flushes what DuckDB's appender buffers into the transaction: destroy it before a ROLLBACK.
class ChunkAppender {
 public:
  ChunkAppender(Connection& connection, const char* table);
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;
  ~ChunkAppender();

  // Starts a row, handing the chunk to DuckDB first when it is full.
  void begin_row();
  void set(uint64_t column, int32_t value) { put(column, DUCKDB_TYPE_INTEGER, value); }
  void set(uint64_t column, int64_t value) { put(column, DUCKDB_TYPE_BIGINT, value); }
  void set(uint64_t column, double value) { put(column, DUCKDB_TYPE_DOUBLE, value); }
  void set(uint64_t column, std::string_view value);  // VARCHAR
  void set_bool(uint64_t column, bool value) { put(column, DUCKDB_TYPE_BOOLEAN, value); }
  // A TIMESTAMP, as microseconds since the Unix epoch.
  void set_timestamp(uint64_t column, int64_t unix_us) {
    put(column, DUCKDB_TYPE_TIMESTAMP, unix_us);
  }
  // A UUID, as uuid_from_text returns it.
  void set_uuid(uint64_t column, duckdb_hugeint value) { put(column, DUCKDB_TYPE_UUID, value); }
  void set_doubles(uint64_t column, std::span<const double> values);  // DOUBLE[]
  void set_null(uint64_t column);
  // Hands the rows so far to DuckDB and flushes its appender; throws DatabaseError on failure.
  void flush();
  // Called before the appender hands rows to DuckDB, which uses the connection: a caller that
  // runs a query of the same connection on another thread waits for it there.
  void before_handing_rows(std::function<void()> hook) { before_handing_rows_ = std::move(hook); }

 private:
  void expect(uint64_t column, duckdb_type type) const;
  template <typename T>
  void put(uint64_t column, duckdb_type type, T value) {
    expect(column, type);
    static_cast<T*>(data_[column])[row_] = value;
  }
  void append_chunk();
  void start_chunk();

  std::function<void()> before_handing_rows_;
  duckdb_appender appender_ = nullptr;
  duckdb_data_chunk chunk_ = nullptr;
  uint64_t capacity_ = 0;
  uint64_t rows_ = 0;  // rows begun in the current chunk
  uint64_t row_ = 0;   // index of the row being filled
  std::vector<duckdb_type> types_;
  std::vector<duckdb_vector> vectors_;
  std::vector<void*> data_;
  std::vector<uint64_t*> validity_;     // null until a column gets its first NULL in a chunk
  std::vector<uint64_t> list_lengths_;  // elements in each list column's child vector
};

}  // namespace perfwatch::db
