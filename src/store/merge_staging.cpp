#include "store/merge_staging.hpp"

#include <fmt/format.h>

#include "store/duckdb_stream.hpp"
#include "store/listing.hpp"

namespace perfwatch {
namespace {

constexpr const char* staged_tables[] = {
    "project", "branch",      "testbed",    "benchmark",       "measure",    "report",
    "metric",  "run_failure", "gpu_sample", "resource_sample", "ab_session", "ab_verdict"};

// COPY rows are sent in parts of about this many bytes (checked after each chunk of rows).
constexpr std::size_t copy_part_bytes = 8 << 20;

void stage_table(db::Connection& reader, const std::string& alias, pg::Connection& target,
                 const std::string& staged, const std::string& table) {
  target.execute(fmt::format("CREATE TEMPORARY TABLE {} (LIKE {}) ON COMMIT DROP", staged, table));
  auto columns = reader.query(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = " +
      sql_quote(alias) + " AND table_schema = 'main' AND table_name = " + sql_quote(table) +
      " ORDER BY ordinal_position");
  std::string names, select;
  for (uint64_t column = 0; column < columns.row_count(); ++column) {
    const auto name = "\"" + *columns.text(0, column) + "\"";
    const auto separator = column == 0 ? "" : ", ";
    names += separator + name;
    // DuckDB writes a list as [1.5, 2.0]; PostgreSQL reads an array as {1.5, 2.0}.
    select +=
        separator + (columns.text(1, column)->ends_with("[]")
                         ? "replace(replace(CAST(" + name + " AS VARCHAR), '[', '{'), ']', '}')"
                         : "CAST(" + name + " AS VARCHAR)");
  }
  // Streamed a chunk at a time and sent in parts: neither the table's rows nor its COPY text are
  // ever held whole, whatever the source's size.
  db::StreamedRows rows(reader, fmt::format("SELECT {} FROM {}.main.{}", select, alias, table));
  const auto copy = fmt::format("COPY {} ({}) FROM STDIN", staged, names);
  std::string part;
  while (rows.next_chunk()) {
    for (uint64_t row = 0; row < rows.chunk_rows(); ++row) {
      for (uint64_t column = 0; column < rows.column_count(); ++column) {
        if (column > 0) part += '\t';
        if (const auto value = rows.text(column, row)) {
          pg::append_copy_field(part, *value);
        } else {
          part += "\\N";
        }
      }
      part += '\n';
    }
    if (part.size() >= copy_part_bytes) {
      target.copy_in(copy, part);
      part.clear();
    }
  }
  if (!part.empty()) target.copy_in(copy, part);
}

}  // namespace

void stage_in_postgres(db::Connection& reader, const std::string& alias, pg::Connection& target,
                       const std::string& prefix) {
  for (const auto* table : staged_tables) stage_table(reader, alias, target, prefix + table, table);
}

}  // namespace perfwatch
