// The SQL that perfwatch shares between its two databases (the embedded DuckDB file and a
// PostgreSQL server) runs through these two interfaces: a session that runs statements and the
// rows a query returns. Listings, tokens, thresholds, alerts and the migrations are written
// once against them; only the bulk writers are specific to one database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace perfwatch::db {

// A database operation that failed for a reason that is not the user's input (exit code 3).
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How a column's values read as JSON: as booleans, whole numbers, numbers, or text.
enum class ColumnKind { boolean, integer, real, text };

class Rows {
 public:
  virtual ~Rows() = default;
  virtual uint64_t row_count() = 0;
  virtual uint64_t column_count() = 0;
  virtual std::string column_name(uint64_t column) = 0;
  virtual ColumnKind column_kind(uint64_t column) = 0;
  virtual bool is_null(uint64_t column, uint64_t row) = 0;
  // Any value as text; empty optional for NULL.
  virtual std::optional<std::string> text(uint64_t column, uint64_t row) = 0;
  virtual int64_t int64(uint64_t column, uint64_t row) = 0;
  virtual double number(uint64_t column, uint64_t row) = 0;
};

class Session {
 public:
  virtual ~Session() = default;
  // Runs sql (one statement or several separated by semicolons); throws DatabaseError with the
  // database's message on failure. The rows are those of the last statement.
  virtual std::unique_ptr<Rows> run(std::string_view sql) = 0;
  void execute(std::string_view sql) { (void)run(sql); }
};

}  // namespace perfwatch::db
