#include <iostream>
#include <vector>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "store/duckdb.hpp"

namespace perfwatch::cli {

std::unique_ptr<Database> open_database(const GlobalOptions& global, AccessMode mode) {
  OpenOptions options;
  options.path = global.db_path;
  options.mode = mode;
  options.lock_timeout = std::chrono::milliseconds(global.lock_timeout_ms);
  return Database::open(options);
}

void add_postgres_option(CLI::App& parser, std::string& url) {
  parser
      .add_option("--postgres", url,
                  "A PostgreSQL database (postgresql://USER@HOST:PORT/NAME) instead of --db")
      ->envname("PERFWATCH_POSTGRES");
}

namespace {

int run_reporting_errors(const Command& command) {
  try {
    return command.run();
  } catch (const InputError& error) {
    std::cerr << "perfwatch: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "perfwatch: internal error: " << error.what() << "\n";
    return 3;
  }
}

}  // namespace
}  // namespace perfwatch::cli

int main(int argc, char** argv) {
  using namespace perfwatch::cli;
  CLI::App app{
      "perfwatch: continuous benchmarking. Runs and ingests benchmarks, keeps their "
      "history in DuckDB or PostgreSQL, finds regressions, reports.",
      "perfwatch"};
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", "perfwatch 0.1.0");

  GlobalOptions global;
  app.add_option("--db", global.db_path, "Database file")
      ->envname("PERFWATCH_DB")
      ->capture_default_str();
  app.add_option("--lock-timeout", global.lock_timeout_ms,
                 "Milliseconds to wait while another process writes the database")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);

  const std::vector<Command> commands = {
      add_ingest_command(app, global),    add_sql_command(app, global),
      add_ls_command(app, global),        add_export_command(app, global),
      add_merge_command(app, global),     add_check_command(app, global),
      add_threshold_command(app, global), add_alert_command(app, global),
      add_compare_command(app, global),   add_changes_command(app, global),
      add_report_command(app, global),    add_run_command(app, global),
      add_serve_command(app, global),     add_token_command(app, global),
      add_notify_command(app, global),    add_init_command(app, global),
      add_ab_command(app, global),        add_bisect_command(app, global),
      add_predict_command(app, global),   add_scaling_command(app, global),
      add_recommend_command(app, global), add_insights_command(app, global),
  };

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);  // --help, --version
  } catch (const CLI::ParseError& error) {
    std::cerr << "perfwatch: error: " << error.what() << " (see perfwatch --help)\n";
    return 2;
  }
  for (const auto& command : commands) {
    if (command.parser->parsed()) return run_reporting_errors(command);
  }
  return 2;
}
