// RAII wrappers of libpq, PostgreSQL's client library: a connection that runs the shared SQL
// (db::Session), statements with parameters, and COPY ... FROM STDIN for bulk rows. Nothing
// outside store/ includes libpq-fe.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"

struct pg_conn;
struct pg_result;

namespace perfwatch::pg {

// A failed statement, with PostgreSQL's SQLSTATE code.
class Error : public db::DatabaseError {
 public:
  Error(const std::string& message, std::string sqlstate)
      : db::DatabaseError(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }
  // A deadlock or serialization failure: running the transaction again may succeed.
  bool transient() const { return sqlstate_ == "40P01" || sqlstate_ == "40001"; }

 private:
  std::string sqlstate_;
};

class Rows final : public db::Rows {
 public:
  explicit Rows(pg_result* result) : result_(result) {}
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  ~Rows() override;

  uint64_t row_count() override;
  uint64_t column_count() override;
  std::string column_name(uint64_t column) override;
  db::ColumnKind column_kind(uint64_t column) override;
  bool is_null(uint64_t column, uint64_t row) override;
  std::optional<std::string> text(uint64_t column, uint64_t row) override;
  int64_t int64(uint64_t column, uint64_t row) override;
  double number(uint64_t column, uint64_t row) override;

 private:
  pg_result* result_;
};

// A statement's parameters ($1, $2, ...) as text; nullopt is NULL.
using Parameters = std::vector<std::optional<std::string>>;

class Connection final : public db::Session {
 public:
  // Connects to `url` (postgresql://... or key=value pairs). Throws InputError naming --postgres
  // when the URL is malformed or the server cannot be reached or refuses the login.
  explicit Connection(const std::string& url);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() override;

  std::unique_ptr<db::Rows> run(std::string_view sql) override;
  std::unique_ptr<Rows> run(std::string_view sql, const Parameters& parameters);
  // Runs `copy_statement` (COPY ... FROM STDIN) and sends `rows` in COPY's text format.
  void copy_in(std::string_view copy_statement, std::string_view rows);
  // Whether the connection is usable and outside any transaction, so that it may be reused.
  bool idle() const;

 private:
  std::unique_ptr<Rows> checked(pg_result* result);
  pg_conn* connection_ = nullptr;
};

// Appends `value` to `out` as one field of COPY's text format (backslash escapes).
void append_copy_field(std::string& out, std::string_view value);

}  // namespace perfwatch::pg
