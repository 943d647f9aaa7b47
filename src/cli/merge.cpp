#include "store/merge.hpp"

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "core/error.hpp"

namespace perfwatch::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> sources;
  std::string output;
  std::string postgres;  // a PostgreSQL URL to merge into instead of -o's file
};

void print_merged(const std::string& target, std::size_t sources, const MergeResult& result) {
  std::cout << target << ": merged " << sources << " databases: " << result.reports_added
            << " reports added (" << result.metrics_added << " metrics), " << result.reports_present
            << " already present\n";
}

// Into the team's PostgreSQL database: one transaction, nothing written when a source is refused.
int run_merge_into_postgres(const MergeOptions& options, const GlobalOptions& global) {
  check_merge_sources(options.sources);
  StoreSession store(global, options.postgres, AccessMode::read_write);
  print_merged(store.name(), options.sources.size(),
               perfwatch::merge_into_postgres(*store.postgres(), options.sources));
  return 0;
}

int run_merge(const MergeOptions& options, const GlobalOptions& global) {
  namespace fs = std::filesystem;
  if (options.output.empty() == options.postgres.empty()) {
    throw InputError(options.output.empty() ? "--output (-o): required, or --postgres URL"
                                            : "--output (-o): not with --postgres");
  }
  if (!options.postgres.empty()) return run_merge_into_postgres(options, global);
  std::error_code error;
  for (const auto& source : options.sources) {
    if (fs::equivalent(source, options.output, error)) {
      throw InputError(source + ": is also the output (-o); merge into another file");
    }
  }
  // Every source is checked before the output is created or opened: bad input writes nothing.
  check_merge_sources(options.sources);
  const bool created = !fs::exists(options.output, error);
  try {
    GlobalOptions output_options = global;
    output_options.db_path = options.output;
    auto database = open_database(output_options, AccessMode::read_write);
    print_merged(options.output, options.sources.size(),
                 merge_databases(*database, options.sources));
  } catch (...) {
    if (created) {
      fs::remove(options.output, error);
      fs::remove(options.output + ".wal", error);
    }
    throw;
  }
  return 0;
}

}  // namespace

Command add_merge_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<MergeOptions>();
  auto* parser = app.add_subcommand(
      "merge",
      "Consolidate perfwatch databases (e.g. one per CI matrix job) into one DuckDB file (-o) or "
      "into the team's PostgreSQL database (--postgres). Sources are read, never changed; a "
      "report already in the output is not stored twice, so merging again is harmless");
  parser->add_option("sources", options->sources, "DuckDB databases to merge")->required();
  parser->add_option("-o,--output", options->output,
                     "DuckDB database to merge into (created when missing)");
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return run_merge(*options, global); }};
}

}  // namespace perfwatch::cli
