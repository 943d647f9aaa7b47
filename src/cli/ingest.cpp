#include <iostream>

#include "adapters/adapter.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "integrations/context.hpp"
#include "store/report_writer.hpp"

namespace perfwatch::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> files;
  std::string adapter = "auto";
  ContextOverrides overrides;
};

const Adapter& choose_adapter(const std::string& requested, const InputFile& input) {
  if (requested == "auto") return detect_adapter(input);
  const Adapter* adapter = find_adapter(requested);
  if (adapter == nullptr) {
    throw InputError("--adapter: unknown adapter '" + requested + "'; one of: auto, " +
                     adapter_names());
  }
  return *adapter;
}

int ingest(const IngestOptions& options, const GlobalOptions& global) {
  if (options.adapter != "auto" && find_adapter(options.adapter) == nullptr) {
    choose_adapter(options.adapter, InputFile{});  // throws the message naming the flag
  }
  const ReportContext detected = capture_context(options.overrides);
  std::unique_ptr<Database> database;
  for (const auto& path : options.files) {
    const InputFile input = read_input_file(path);
    const Adapter& adapter = choose_adapter(options.adapter, input);
    // Opened only once there is something to store: bad input never creates a database.
    if (!database) database = open_database(global, AccessMode::read_write);
    ReportContext context = detected;
    context.source = input.name;
    context.adapter = adapter.name();
    ReportWriter writer(*database, context, sha256_hex(input.text));
    if (writer.already_stored()) {
      std::cout << input.name << ": already stored as report " << writer.report_id()
                << "; skipped\n";
      writer.commit();
      continue;
    }
    adapter.parse(input, writer);
    writer.commit();
    std::cout << input.name << ": stored report " << writer.report_id() << " ("
              << writer.metric_count() << " metrics, " << adapter.name() << ")\n";
  }
  return 0;
}

}  // namespace

Command add_ingest_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<IngestOptions>();
  auto* parser = app.add_subcommand(
      "ingest", "Store the results files that benchmark harnesses wrote (- for stdin)");
  parser->add_option("files", options->files, "Results files")->required();
  parser->add_option("--adapter", options->adapter,
                     "Format of the files: auto, or one of: " + adapter_names())
      ->capture_default_str();
  parser->add_option("--project", options->overrides.project,
                     "Project slug (default: the git repository's or directory's name)");
  parser->add_option("--branch", options->overrides.branch, "Branch (default: detected)");
  parser->add_option("--testbed", options->overrides.testbed,
                     "Testbed name (default: the host name)");
  parser->add_option("--commit", options->overrides.commit, "Commit hash (default: detected)");
  return {parser, [options, &global] { return ingest(*options, global); }};
}

}  // namespace perfwatch::cli
