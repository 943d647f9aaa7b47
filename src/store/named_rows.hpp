// Reading a query's rows by column name instead of by position: a query names its columns with
// AS, and the code that reads them names the same words, so that adding or moving a column of
// the SELECT cannot shift what another reads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::db {

class NamedRows {
 public:
  // One column, found by name once: for loops that read many rows of it.
  class Column {
   public:
    Column(Rows& rows, uint64_t at) : rows_(&rows), at_(at) {}
    bool is_null(uint64_t row) const { return rows_->is_null(at_, row); }
    std::string text(uint64_t row) const { return rows_->text(at_, row).value_or(""); }
    int64_t int64(uint64_t row) const { return rows_->int64(at_, row); }
    double number(uint64_t row) const { return rows_->number(at_, row); }

   private:
    Rows* rows_;
    uint64_t at_;
  };

  explicit NamedRows(std::unique_ptr<Rows> rows);

  uint64_t size() const { return size_; }
  bool is_null(std::string_view column, uint64_t row) const;
  // Text of the value; `text` gives "" for NULL, `optional_text` nullopt.
  std::string text(std::string_view column, uint64_t row) const;
  std::optional<std::string> optional_text(std::string_view column, uint64_t row) const;
  int64_t int64(std::string_view column, uint64_t row) const;
  std::optional<int64_t> optional_int64(std::string_view column, uint64_t row) const;
  double number(std::string_view column, uint64_t row) const;
  std::optional<double> optional_number(std::string_view column, uint64_t row) const;
  Column column(std::string_view name) const { return {*rows_, index(name)}; }

 private:
  // The position of `column`; throws DatabaseError when the query has no such column (a bug).
  uint64_t index(std::string_view column) const;

  std::unique_ptr<Rows> rows_;
  std::vector<std::string> names_;
  uint64_t size_ = 0;
};

// Runs `sql` on `session` and reads its rows by name.
NamedRows query(Session& session, std::string_view sql);

}  // namespace perfwatch::db
