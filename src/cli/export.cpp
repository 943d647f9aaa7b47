#include "store/export.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "core/error.hpp"
#include "store/prometheus.hpp"

namespace perfwatch::cli {
namespace {

struct ExportOptions {
  std::string format = "csv";
  std::string output;
  ReportFilter filter;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

// A path for a temporary file in `directory`, removed when destroyed unless released.
class TemporaryPath {
 public:
  explicit TemporaryPath(const std::filesystem::path& directory) {
    std::string pattern = (directory / ".perfwatch-export-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw InputError(directory.string() + ": cannot create a file there");
    close(fd);
    path_ = pattern;
  }
  TemporaryPath(const TemporaryPath&) = delete;
  TemporaryPath& operator=(const TemporaryPath&) = delete;
  ~TemporaryPath() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove(path_, ignored);
  }
  const std::string& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  std::string path_;
};

ExportFormat format_of(const std::string& name) {
  if (name == "parquet") return ExportFormat::parquet;
  if (name == "json") return ExportFormat::json;
  return ExportFormat::csv;
}

// The text exposition format is written by perfwatch, not DuckDB's COPY; the file is written
// beside -o and renamed over it like the other formats.
int write_prometheus(Database& database, const ExportOptions& options) {
  if (options.output.empty()) {
    export_prometheus(database.connection(), options.filter, std::cout);
    return 0;
  }
  const auto output = std::filesystem::absolute(options.output);
  std::error_code error;
  if (!std::filesystem::is_directory(output.parent_path(), error)) {
    throw InputError("-o: " + options.output + ": its folder does not exist");
  }
  TemporaryPath scratch(output.parent_path());
  {
    std::ofstream file(scratch.path(), std::ios::binary);
    export_prometheus(database.connection(), options.filter, file);
    if (!file.flush()) throw InputError("-o: " + options.output + ": cannot write");
  }
  std::filesystem::rename(scratch.path(), output, error);
  if (error) throw InputError("-o: " + options.output + ": " + error.message());
  scratch.release();
  return 0;
}

// What the export reads: the DuckDB file of --db, or with --postgres the project copied into
// memory, whose COPY writes every format the file's does.
std::unique_ptr<Database> export_source(ExportOptions& options, const GlobalOptions& global) {
  if (!options.postgres.empty()) return mirror_of_project(options.postgres, options.filter);
  auto database = open_database(global, AccessMode::read_only);
  check_filter(database->connection(), options.filter, global.db_path);
  return database;
}

int run_export(ExportOptions options, const GlobalOptions& global) {
  if (options.format == "parquet" && options.output.empty()) {
    throw InputError("--format parquet: binary output needs -o FILE");
  }
  const auto database = export_source(options, global);
  if (options.format == "prometheus") return write_prometheus(*database, options);
  if (options.output.empty()) {
    const TemporaryPath scratch(std::filesystem::temp_directory_path());
    export_metrics(database->connection(), options.filter, format_of(options.format),
                   scratch.path());
    std::ifstream file(scratch.path(), std::ios::binary);
    std::cout << file.rdbuf();
    return 0;
  }
  // Written beside the output and renamed over it: a failed export leaves no partial file.
  const auto output = std::filesystem::absolute(options.output);
  std::error_code error;
  if (!std::filesystem::is_directory(output.parent_path(), error)) {
    throw InputError("-o: " + options.output + ": its folder does not exist");
  }
  TemporaryPath scratch(output.parent_path());
  export_metrics(database->connection(), options.filter, format_of(options.format), scratch.path());
  std::filesystem::rename(scratch.path(), output, error);
  if (error) throw InputError("-o: " + options.output + ": " + error.message());
  scratch.release();
  return 0;
}

}  // namespace

Command add_export_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ExportOptions>();
  auto* parser = app.add_subcommand(
      "export",
      "Export metrics with their context (project, branch, testbed, commit, commit_time, report, "
      "adapter, benchmark, params, measure, units, direction, value, lower, upper, n, samples) "
      "as Parquet, CSV or newline-delimited JSON; or the newest value of every series as "
      "Prometheus gauges");
  parser->add_option("--format", options->format, "parquet, csv, json or prometheus")
      ->check(CLI::IsMember({"parquet", "csv", "json", "prometheus"}))
      ->capture_default_str();
  parser->add_option("-o,--output", options->output,
                     "File to write (default: standard output; parquet needs a file)");
  parser->add_option("--project", options->filter.project,
                     "Only this project (with --postgres: one project, by default the only one)");
  parser->add_option("--branch", options->filter.branch, "Only this branch");
  parser->add_option("--testbed", options->filter.testbed, "Only this testbed");
  parser->add_option("--report", options->filter.report, "Only this report (id or its start)");
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return run_export(*options, global); }};
}

}  // namespace perfwatch::cli
