// cli: one file per subcommand. Each parses its flags and calls the libraries; no logic of its
// own beyond wiring and printing.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "store/database.hpp"

namespace perfwatch::cli {

// Options every subcommand shares.
struct GlobalOptions {
  std::string db_path = "perfwatch.duckdb";
  int lock_timeout_ms = 10'000;
};

// A subcommand: its parser and what to run when it was chosen. run returns the exit code:
// 0 ok, 1 a verdict (regression found), 2 bad input; it throws InputError for bad input.
struct Command {
  CLI::App* parser = nullptr;
  std::function<int()> run;
};

std::unique_ptr<Database> open_database(const GlobalOptions& global, AccessMode mode);

// --postgres URL (or $PERFWATCH_POSTGRES) on `parser`, for the commands that can work on the
// results server's PostgreSQL database instead of the DuckDB file.
void add_postgres_option(CLI::App& parser, std::string& url);

Command add_ingest_command(CLI::App& app, const GlobalOptions& global);
Command add_sql_command(CLI::App& app, const GlobalOptions& global);
Command add_ls_command(CLI::App& app, const GlobalOptions& global);
Command add_export_command(CLI::App& app, const GlobalOptions& global);
Command add_merge_command(CLI::App& app, const GlobalOptions& global);
Command add_check_command(CLI::App& app, const GlobalOptions& global);
Command add_threshold_command(CLI::App& app, const GlobalOptions& global);
Command add_alert_command(CLI::App& app, const GlobalOptions& global);
Command add_compare_command(CLI::App& app, const GlobalOptions& global);
Command add_changes_command(CLI::App& app, const GlobalOptions& global);
Command add_report_command(CLI::App& app, const GlobalOptions& global);
Command add_run_command(CLI::App& app, const GlobalOptions& global);
Command add_notify_command(CLI::App& app, const GlobalOptions& global);
Command add_init_command(CLI::App& app, const GlobalOptions& global);
Command add_serve_command(CLI::App& app, const GlobalOptions& global);
Command add_token_command(CLI::App& app, const GlobalOptions& global);
Command add_ab_command(CLI::App& app, const GlobalOptions& global);
Command add_bisect_command(CLI::App& app, const GlobalOptions& global);
Command add_scaling_command(CLI::App& app, const GlobalOptions& global);
Command add_predict_command(CLI::App& app, const GlobalOptions& global);
Command add_recommend_command(CLI::App& app, const GlobalOptions& global);
Command add_insights_command(CLI::App& app, const GlobalOptions& global);

}  // namespace perfwatch::cli
