#include "store/named_rows.hpp"

#include <algorithm>

namespace perfwatch::db {

NamedRows::NamedRows(std::unique_ptr<Rows> rows) : rows_(std::move(rows)) {
  for (uint64_t column = 0; column < rows_->column_count(); ++column) {
    names_.push_back(rows_->column_name(column));
  }
  size_ = rows_->row_count();
}

uint64_t NamedRows::index(std::string_view column) const {
  const auto found = std::find(names_.begin(), names_.end(), column);
  if (found == names_.end()) throw DatabaseError("the query has no column " + std::string(column));
  return static_cast<uint64_t>(found - names_.begin());
}

bool NamedRows::is_null(std::string_view column, uint64_t row) const {
  return rows_->is_null(index(column), row);
}

std::string NamedRows::text(std::string_view column, uint64_t row) const {
  return rows_->text(index(column), row).value_or("");
}

std::optional<std::string> NamedRows::optional_text(std::string_view column, uint64_t row) const {
  return rows_->text(index(column), row);
}

int64_t NamedRows::int64(std::string_view column, uint64_t row) const {
  return rows_->int64(index(column), row);
}

std::optional<int64_t> NamedRows::optional_int64(std::string_view column, uint64_t row) const {
  const auto at = index(column);
  if (rows_->is_null(at, row)) return std::nullopt;
  return rows_->int64(at, row);
}

double NamedRows::number(std::string_view column, uint64_t row) const {
  return rows_->number(index(column), row);
}

std::optional<double> NamedRows::optional_number(std::string_view column, uint64_t row) const {
  const auto at = index(column);
  if (rows_->is_null(at, row)) return std::nullopt;
  return rows_->number(at, row);
}

NamedRows query(Session& session, std::string_view sql) { return NamedRows(session.run(sql)); }

}  // namespace perfwatch::db
