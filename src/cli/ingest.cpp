#include <algorithm>
#include <filesystem>
#include <functional>
#include <future>
#include <iostream>
#include <optional>
#include <thread>

#include "adapters/adapter.hpp"
#include "adapters/criterion_directory.hpp"
#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "core/error.hpp"
#include "integrations/context.hpp"
#include "submit/submitter.hpp"

namespace perfwatch::cli {
namespace {

struct IngestOptions {
  std::vector<std::string> files;
  std::string adapter = "auto";
  ContextOverrides overrides;
  std::string server;
  std::string token;
  std::string spool = ".perfwatch/spool";
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
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

// Where ingest puts each file: the store (the DuckDB file or PostgreSQL; one report each unless
// already there), or the results server.
class ReportDestination {
 public:
  ReportDestination(const IngestOptions& options, const GlobalOptions& global)
      : global_(global),
        postgres_(options.postgres),
        // Read on a thread of its own (in a git checkout ~20 ms here, libgit2) while the first
        // file is mapped and its hash started, which the first rows wait for.
        detected_(std::async(std::launch::async, [overrides = options.overrides] {
                    return capture_context(overrides);
                  }).share()) {
    if (!options.server.empty()) {
      if (!options.postgres.empty()) throw InputError("--server: not with --postgres");
      submitter_.emplace(options.server, options.token, options.spool);
      if (const auto sent = submitter_->flush_spool()) {
        std::cout << options.spool << ": sent " << sent << " kept submissions\n";
      }
    }
  }

  // Sends the file to the results server instead of storing it here.
  bool submits() const { return submitter_.has_value(); }
  void submit(const InputFile& input, std::string_view adapter) {
    ReportContext context = detected_.get();
    context.source = input.name;
    const auto result =
        submitter_->submit(submit::Submitter::envelope(context, std::string(adapter), input.text));
    if (!result.delivered) {
      std::cerr << input.name << ": kept to send later (" << result.message << ")\n";
    } else if (!result.stored) {
      std::cout << input.name << ": the server already has it as report " << result.report_id
                << "\n";
    } else {
      std::cout << input.name << ": submitted as report " << result.report_id << " ("
                << result.metrics << " metrics, " << adapter << ")\n";
    }
  }

  // Opens the store unless it is open. Called only once there is something to store: input
  // of no format perfwatch knows never creates a database.
  void open_store() {
    if (store_) return;
    std::error_code error;
    if (postgres_.empty() && !std::filesystem::exists(global_.db_path, error) && !error) {
      created_database_ = global_.db_path;
    }
    store_ = std::make_unique<StoreSession>(global_, postgres_, AccessMode::read_write);
    if (auto* file = store_->duckdb()) file->use_one_thread();  // ingest only appends
  }

  void store(const std::string& source, std::string_view adapter, ContentHash content_hash,
             const std::function<void(MetricSink&)>& parse) {
    open_store();
    ReportContext context = detected_.get();
    context.source = source;
    context.adapter = adapter;
    const auto report = store_->report_store().store({&context, content_hash, parse});
    stored_any_ = true;
    if (!report.stored) {
      std::cout << source << ": already stored as report " << report.report_id << "; skipped\n";
      return;
    }
    std::cout << source << ": stored report " << report.report_id << " (" << report.metrics
              << " metrics, " << adapter << ")\n";
  }

  // Once everything is stored: the store is left as StoreSession::leave_open_until_exit says.
  void finish() {
    if (store_) StoreSession::leave_open_until_exit(std::move(store_));
  }

  // After a refused input: the database file this ingest created, with no report in it, is
  // closed and removed, so that a bad file leaves no new file behind. The file is looked into
  // first in case another process created it at the same moment and stored reports there (it
  // cannot between that look and the close: DuckDB's lock is held until then).
  void remove_unused_new_database() {
    if (!created_database_ || stored_any_ || !store_) return;
    try {
      if (store_->session().run("SELECT count(*) FROM report")->int64(0, 0) != 0) return;
    } catch (const std::exception&) {
      return;  // what the file holds is unknown: it stays
    }
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove(*created_database_, ignored);
    std::filesystem::remove(*created_database_ + ".wal", ignored);
  }

 private:
  const GlobalOptions& global_;
  const std::string postgres_;
  const std::shared_future<ReportContext> detected_;
  std::unique_ptr<StoreSession> store_;
  std::optional<std::string> created_database_;  // the DuckDB file open_store() created
  bool stored_any_ = false;                      // a report was stored or found already stored
  std::optional<submit::Submitter> submitter_;
};

// Counts what an adapter reads: a parse that checks a file without keeping it.
class MetricCounter final : public MetricSink {
 public:
  void add(const MetricRecord&) override { ++count_; }
  void set_tool_version(std::string_view) override {}
  uint64_t count() const { return count_; }

 private:
  uint64_t count_ = 0;
};

void store_file(ReportDestination& reports, const InputFile& input, const Adapter& adapter) {
  // Parsed here first, so that a file the server would refuse is refused before sending.
  if (reports.submits()) {
    MetricCounter counter;
    parse_input(adapter, input, counter);
    if (counter.count() == 0) throw InputError(input.name + ": no metrics in it");
    return reports.submit(input, adapter.name());
  }
  // The file is hashed on a thread of its own while the database opens and the file parses:
  // the report's id needs the hash only before the report's first rows are written.
  const auto content_hash =
      std::async(std::launch::async, [&input] { return input.text.sha256_hex(); }).share();
  reports.open_store();
  // Once parsed, the file's pages are dropped on a thread of their own while the rows are
  // committed, rather than unmapped after.
  std::jthread dropping_pages;
  reports.store(input.name, adapter.name(), ContentHash(content_hash), [&](MetricSink& sink) {
    parse_input(adapter, input, sink);
    dropping_pages = std::jthread([&input] { input.text.drop_pages(); });
  });
}

// Every file below `folder`, in path order, that the requested adapter (or, with auto, any
// adapter) reads is stored as a report of its own; the others are named and skipped.
void store_folder_files(ReportDestination& reports, const std::filesystem::path& folder,
                        const std::string& requested) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const InputFile input = read_input_file(file.string());
    const Adapter* adapter =
        requested == "auto" ? find_detected_adapter(input) : &choose_adapter(requested, input);
    if (adapter == nullptr) {
      std::cerr << input.name << ": skipped, not a format perfwatch reads\n";
      continue;
    }
    store_file(reports, input, *adapter);
  }
}

void store_all(const IngestOptions& options, ReportDestination& reports) {
  for (const auto& path : options.files) {
    if (path != "-" && std::filesystem::is_directory(path)) {
      if (options.adapter == "auto" && is_criterion_directory(path)) {
        if (!options.server.empty()) {
          throw InputError(path +
                           ": a Criterion folder cannot be submitted to a server yet; "
                           "ingest it into a local database instead");
        }
        const CriterionDirectory results(path);
        reports.store(path, CriterionDirectory::adapter_name, results.content_hash(),
                      [&](MetricSink& sink) { results.parse(sink); });
      } else {
        store_folder_files(reports, path, options.adapter);
      }
      continue;
    }
    const InputFile input = read_input_file(path);
    store_file(reports, input, choose_adapter(options.adapter, input));
  }
}

int ingest(const IngestOptions& options, const GlobalOptions& global) {
  if (options.adapter != "auto" && find_adapter(options.adapter) == nullptr) {
    choose_adapter(options.adapter, InputFile{});  // throws the message naming the flag
  }
  ReportDestination reports(options, global);
  try {
    store_all(options, reports);
  } catch (...) {
    reports.remove_unused_new_database();
    throw;
  }
  reports.finish();
  return 0;
}

}  // namespace

Command add_ingest_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<IngestOptions>();
  auto* parser = app.add_subcommand(
      "ingest",
      "Store the results files that benchmark harnesses wrote (- for stdin). A folder is read "
      "as one report when it is Criterion's target/criterion; otherwise each file in it that "
      "perfwatch recognises becomes a report of its own");
  parser->add_option("files", options->files, "Results files or folders")->required();
  parser
      ->add_option("--adapter", options->adapter,
                   "Format of the files: auto, or one of: " + adapter_names())
      ->capture_default_str();
  parser->add_option("--project", options->overrides.project,
                     "Project slug (default: the git repository's or directory's name)");
  parser->add_option("--branch", options->overrides.branch, "Branch (default: detected)");
  parser->add_option(
      "--testbed", options->overrides.testbed,
      "Testbed (default: PERFWATCH_TESTBED, else in CI the runner's kind, else the host name)");
  parser->add_option("--commit", options->overrides.commit, "Commit hash (default: detected)");
  parser->add_option("--server", options->server,
                     "Submit to this results server (http://HOST:PORT, see perfwatch serve) "
                     "instead of the local database; what cannot be sent now is kept and sent "
                     "first next time");
  parser->add_option("--token", options->token, "API token for --server")
      ->envname("PERFWATCH_TOKEN");
  parser->add_option("--spool", options->spool, "Where submissions wait for the server")
      ->capture_default_str();
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return ingest(*options, global); }};
}

}  // namespace perfwatch::cli
