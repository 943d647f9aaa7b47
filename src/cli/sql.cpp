#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "core/error.hpp"
#include "store/duckdb.hpp"
#include "store/transaction.hpp"

namespace perfwatch::cli {
namespace {

struct SqlOptions {
  std::string statement;
  bool write = false;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

// Prints a result as tab-separated text with a header row; NULL prints as "NULL".
void print_tsv(db::Rows& result) {
  const auto columns = result.column_count();
  for (uint64_t column = 0; column < columns; ++column) {
    std::cout << (column ? "\t" : "") << result.column_name(column);
  }
  std::cout << "\n";
  for (uint64_t row = 0; row < result.row_count(); ++row) {
    for (uint64_t column = 0; column < columns; ++column) {
      std::cout << (column ? "\t" : "") << result.text(column, row).value_or("NULL");
    }
    std::cout << "\n";
  }
}

// The statement without trailing semicolons and whitespace.
std::string_view trimmed(std::string_view statement) {
  const auto end = statement.find_last_not_of("; \t\r\n");
  return end == std::string_view::npos ? std::string_view() : statement.substr(0, end + 1);
}

// A query's rows cast to text by DuckDB itself, which knows how to print every type; a
// statement that is not a query (PRAGMA, a write with --write) runs as it is.
db::Result run_as_text(db::Connection& connection, std::string_view statement) {
  const std::string as_text = "SELECT COLUMNS(*)::VARCHAR FROM (" + std::string(statement) + ")";
  try {
    return connection.query(as_text);
  } catch (const db::DatabaseError&) {
    return connection.query(statement);
  }
}

// PostgreSQL prints every type as text itself; the statement runs in a read-only transaction
// unless --write, as the DuckDB file is opened read-only.
void run_on_postgres(db::Session& session, const SqlOptions& options) {
  db::Transaction transaction(session, options.write ? "BEGIN" : "BEGIN READ ONLY");
  auto rows = session.run(trimmed(options.statement));
  transaction.commit();
  print_tsv(*rows);
}

int run_sql(const SqlOptions& options, const GlobalOptions& global) {
  StoreSession store(global, options.postgres,
                     options.write ? AccessMode::read_write : AccessMode::read_only);
  try {
    if (auto* file = store.duckdb()) {
      auto result = run_as_text(file->connection(), trimmed(options.statement));
      print_tsv(result);
    } else {
      run_on_postgres(store.session(), options);
    }
  } catch (const db::DatabaseError& error) {
    const std::string message = error.what();
    throw InputError("sql: " + message.substr(0, message.find('\n')));
  }
  return 0;
}

}  // namespace

Command add_sql_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<SqlOptions>();
  auto* parser = app.add_subcommand(
      "sql", "Run an SQL query against the database and print tab-separated rows");
  parser->add_option("statement", options->statement, "SQL, e.g. \"SELECT * FROM report\"")
      ->required();
  parser->add_flag("--write", options->write,
                   "Open the database for writing (default: read-only, so queries cannot "
                   "change it)");
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return run_sql(*options, global); }};
}

}  // namespace perfwatch::cli
