#include "store/merge.hpp"

#include <filesystem>
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"

namespace perfwatch::cli {
namespace {

struct MergeOptions {
  std::vector<std::string> sources;
  std::string output;
};

int run_merge(const MergeOptions& options, const GlobalOptions& global) {
  namespace fs = std::filesystem;
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
    const auto result = merge_databases(*database, options.sources);
    std::cout << options.output << ": merged " << options.sources.size()
              << " databases: " << result.reports_added << " reports added ("
              << result.metrics_added << " metrics), " << result.reports_present
              << " already present\n";
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
      "Consolidate perfwatch databases (e.g. one per CI matrix job) into one. Sources are read, "
      "never changed; a report already in the output is not stored twice, so merging again is "
      "harmless");
  parser->add_option("sources", options->sources, "Databases to merge")->required();
  parser
      ->add_option("-o,--output", options->output, "Database to merge into (created when missing)")
      ->required();
  return {parser, [options, &global] { return run_merge(*options, global); }};
}

}  // namespace perfwatch::cli
