#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>

#include "adapters/adapter.hpp"
#include "cli/command.hpp"
#include "cli/confirm_suspects.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "core/sha256.hpp"
#include "integrations/context.hpp"
#include "integrations/gpu_identity.hpp"
#include "runner/executor.hpp"
#include "runner/gpu_cycles.hpp"
#include "runner/gpu_warnings.hpp"
#include "runner/matrix.hpp"
#include "runner/receipt.hpp"
#include "runner/suite.hpp"
#include "store/testbed_fingerprint.hpp"
#include "submit/submitter.hpp"

namespace perfwatch::cli {
namespace {

using namespace perfwatch::runner;

struct RunOptions {
  std::string suite = "perfwatch.toml";
  std::string profile = "standard";
  PlanOverrides overrides;
  std::string filter;
  std::vector<std::string> params;
  std::string shard;
  bool dry_run = false;
  std::string measure = "time";
  bool fail_fast = false;
  std::string out;
  bool no_store = false;
  std::string server;  // a results server to submit to instead of the local database
  std::string token;
  std::string spool = ".perfwatch/spool";
  std::string postgres;  // a PostgreSQL URL to read history from and store into; empty: --db
  bool quiet = false;
  bool verbose = false;
  std::string format = "table";
  int sample_interval_ms = 100;
  double cv_warn_percent = 5;
  ContextOverrides context;
  int confirm_reruns = 0;  // --confirm-suspects: re-runs per suspect benchmark; 0: none
  std::optional<double> confirm_budget_s;
  std::string confirm_history;  // database --confirm-suspects judges against; "": --db
  double confirm_max_p = ConfirmSettings{}.max_p_value;
};

int64_t now_unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string joined(const std::vector<std::string>& argv) {
  std::string text;
  for (const auto& word : argv) {
    if (!text.empty()) text += ' ';
    const bool quote = word.empty() || word.find_first_of(" \t\"'\\$") != std::string::npos;
    text += quote ? "'" + word + "'" : word;
  }
  return text;
}

// Refuses, before anything runs, adapters the selected benchmarks name that do not exist.
void check_adapters(const std::vector<Instance>& instances) {
  for (const auto& instance : instances) {
    const auto& name = instance.spec.adapter;
    if (!name.empty() && name != "auto" && find_adapter(name) == nullptr) {
      throw InputError(instance.spec.origin + ": benchmark '" + instance.benchmark +
                       "' names unknown adapter '" + name + "'; one of: auto, " + adapter_names());
    }
  }
}

int dry_run(const std::vector<Instance>& instances, const RunPlan& plan,
            const RunOptions& options) {
  if (options.format == "json") {
    auto list = nlohmann::ordered_json::array();
    for (const auto& instance : instances) {
      list.push_back({{"id", instance.id},
                      {"benchmark", instance.benchmark},
                      {"params", instance.params},
                      {"command", instance.command.argv},
                      {"cwd", instance.cwd.string()},
                      {"adapter", instance.spec.adapter}});
    }
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& instance : instances) {
    rows.push_back({instance.id, instance.spec.adapter.empty() ? "timed" : instance.spec.adapter,
                    joined(instance.command.argv)});
  }
  print_table({"benchmark", "mode", "command"}, rows, {});
  const std::string runs = plan.min_runs == plan.max_runs
                               ? fmt::format("{} runs", plan.min_runs)
                               : fmt::format("{}..{} runs", plan.min_runs, plan.max_runs);
  const std::string time = plan.max_time_s > 0
                               ? fmt::format(", {}..{} s each", plan.min_time_s, plan.max_time_s)
                               : std::string();
  std::cout << fmt::format(
      "\n{} benchmark{} would run: {} warm-up, {}{}{}\n", instances.size(),
      instances.size() == 1 ? "" : "s", plan.warmup, runs, time,
      plan.timeout_s ? fmt::format(", timeout {} s", *plan.timeout_s) : std::string());
  return 0;
}

std::string value_of(const InstanceResult& result, std::string_view measure,
                     std::string_view field = "mean") {
  if (!result.statistics.contains(measure)) return "-";
  const auto& stats = result.statistics[std::string(measure)];
  if (!stats.contains(field) || stats[std::string(field)].is_null()) return "-";
  const auto units = measure == "peak_rss" ? units::bytes : units::ns;
  return humanise(stats[std::string(field)].get<double>(), units);
}

// One row per benchmark, fastest first, then what harnesses reported, failures last.
void print_summary(std::vector<InstanceResult> results) {
  std::stable_sort(results.begin(), results.end(), [](const auto& a, const auto& b) {
    if (a.failed() != b.failed()) return !a.failed();
    if (a.wall.has_value() != b.wall.has_value()) return a.wall.has_value();
    const double ma = a.wall ? a.wall->mean : 0;
    const double mb = b.wall ? b.wall->mean : 0;
    return ma < mb;
  });
  std::vector<std::vector<std::string>> rows;
  for (const auto& result : results) {
    std::string status = "ok";
    if (result.failed()) {
      status = result.failures.front().phase + ": " + result.failures.front().message;
    } else if (!result.warnings.empty()) {
      status = fmt::format("{} warning{}", result.warnings.size(),
                           result.warnings.size() == 1 ? "" : "s");
    }
    if (result.mode == "harness") {
      if (result.failed()) {
        rows.push_back({result.id, "-", "-", "-", "-", "-", "1", "-", status});
        continue;
      }
      // What the harness reported, one row per metric, in the metric's own units.
      for (const auto& metric : result.metrics) {
        const auto value = [&](std::optional<double> number) {
          return number ? humanise(*number, metric.measure.units) : std::string("-");
        };
        rows.push_back({result.id + ": " + metric.benchmark + " " + metric.measure.slug,
                        value(metric.value), "-", "-", value(metric.lower), value(metric.upper),
                        metric.n > 0 ? std::to_string(metric.n) : "-", "-", "harness"});
      }
      continue;
    }
    if (result.mode == "instructions") {
      const std::string count =
          result.statistics.contains("instructions")
              ? humanise(result.statistics["instructions"]["mean"].get<double>(), units::count) +
                    " instr"
              : "-";
      rows.push_back(
          {result.id, count, "-", "-", "-", "-", std::to_string(result.runs), "-", status});
      continue;
    }
    rows.push_back({result.id, value_of(result, "latency"), value_of(result, "latency", "stddev"),
                    value_of(result, "latency", "median"), value_of(result, "latency", "min"),
                    value_of(result, "latency", "max"), std::to_string(result.runs),
                    value_of(result, "peak_rss"), status});
  }
  print_table({"benchmark", "mean", "stddev", "median", "min", "max", "runs", "peak rss", "status"},
              rows, {"mean", "stddev", "median", "min", "max", "runs", "peak rss"});
}

nlohmann::json warnings_by_benchmark(const std::vector<InstanceResult>& results) {
  auto warnings = nlohmann::json::object();
  for (const auto& result : results) {
    if (!result.warnings.empty()) warnings[result.id] = result.warnings;
  }
  return warnings;
}

// The GPUs the store (PostgreSQL when open, else the DuckDB file when there is one) last stored
// for the context's testbed; none when new.
nlohmann::json stored_testbed_gpus(StoreSession* postgres, const GlobalOptions& global,
                                   const ReportContext& context) {
  std::unique_ptr<Database> file;
  if (!postgres) {
    if (!std::filesystem::is_regular_file(global.db_path)) return nlohmann::json::array();
    file = open_database(global, AccessMode::read_only);
  }
  auto& session = postgres ? postgres->session() : file->connection();
  const auto fingerprint = store::testbed_fingerprint(session, context.project, context.testbed);
  return fingerprint ? fingerprint->value("gpus", nlohmann::json::array())
                     : nlohmann::json::array();
}

// Sends the receipt, as `ingest --server` would send the file; returns what to tell the user.
std::string submit_receipt(submit::Submitter& submitter, const ReportContext& context,
                           const std::string& receipt, const std::string& url) {
  const auto result =
      submitter.submit(submit::Submitter::envelope(context, "perfwatch_receipt", receipt));
  if (!result.delivered) return "kept to send to " + url + " later (" + result.message + ")";
  if (!result.stored) return url + " already has this report as " + result.report_id;
  return fmt::format("submitted to {} as report {} ({} metrics)", url, result.report_id,
                     result.metrics);
}

void write_receipt(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file) throw InputError("--out: cannot write " + path);
    file << text;
    if (!file.flush()) throw InputError("--out: cannot write " + path);
  }
  std::filesystem::rename(partial, path);  // a reader never sees half a receipt
}

int run(const RunOptions& options, const GlobalOptions& global) {
  const auto level = parse_profile_level(options.profile);
  if (!level) {
    throw InputError("--profile: unknown profile '" + options.profile +
                     "'; one of: " + profile_names());
  }
  const auto mode = parse_measure_mode(options.measure);
  if (!mode) {
    throw InputError("--measure: unknown mode '" + options.measure +
                     "'; one of: time, counters, instructions");
  }
  Selection selection;
  selection.profile = *level;
  selection.filter = options.filter;
  for (const auto& text : options.params) {
    auto [name, values] = parse_param_filter(text);
    auto& kept = selection.params[name];
    kept.insert(kept.end(), values.begin(), values.end());
  }
  if (!options.shard.empty()) {
    std::tie(selection.shard_index, selection.shard_count) = parse_shard(options.shard);
  }
  const RunPlan plan = apply_overrides(profile_for(*level).plan, options.overrides);

  const Suite suite = load_suite(options.suite);
  // Its thresholds and declared directions judge suspects; a mistake is refused before any run.
  const auto detection = options.confirm_reruns > 0 ? detect::read_detection_config(options.suite)
                                                    : detect::DetectionConfig{};
  const auto all = expand_suite(suite);
  const auto instances = select_instances(all, selection);
  check_adapters(instances);
  if (instances.empty()) {
    if (selection.shard_count > 1) {
      std::cerr << "perfwatch: shard " << options.shard << " has nothing to run\n";
      return 0;
    }
    throw InputError(options.suite + ": no benchmark of " + std::to_string(all.size()) +
                     " matches the profile, --filter and --param given");
  }
  if (options.dry_run) return dry_run(instances, plan, options);
  if (!options.server.empty() && !options.postgres.empty()) {
    throw InputError("--server: not with --postgres");
  }
  // A history file that does not exist judges nothing (a first shard): a database URL would pass
  // silently as one, so it is refused before anything runs.
  if (options.confirm_history.find("://") != std::string::npos) {
    throw InputError("--confirm-history: a DuckDB file, not a URL (" + options.confirm_history +
                     "); a PostgreSQL database is judged against with --postgres");
  }
  // Made before anything runs, so that a bad --server URL is refused at once.
  std::optional<submit::Submitter> submitter;
  if (!options.server.empty()) {
    submitter.emplace(options.server, options.token, options.spool);
    if (const auto sent = submitter->flush_spool()) {
      std::cerr << options.spool << ": sent " << sent << " kept submissions\n";
    }
  }
  // PostgreSQL too, when the run reads or writes it; the DuckDB file is opened only when it is
  // read or written, so that a run that stores nothing creates none.
  std::unique_ptr<StoreSession> postgres;
  if (!options.postgres.empty() && (!options.no_store || options.confirm_reruns > 0)) {
    postgres = std::make_unique<StoreSession>(global, options.postgres, AccessMode::read_write);
  }

  ContextOverrides overrides = options.context;
  if (overrides.project.empty()) overrides.project = suite.project;
  ReportContext context = capture_context(overrides, suite.directory, process_environment());
  context.source = options.suite;
  context.adapter = "runner";
  context.tool_version = "perfwatch 0.1.0";
  context.profile = options.profile;
  context.started_unix_us = now_unix_us();

  const auto style = options.quiet           ? ProgressStyle::quiet
                     : isatty(STDERR_FILENO) ? ProgressStyle::terminal
                                             : ProgressStyle::lines;
  const auto progress = make_progress(style, std::cerr, options.verbose);
  ExecutorOptions executor_options;
  executor_options.plan = plan;
  executor_options.mode = *mode;
  executor_options.fail_fast = options.fail_fast;
  executor_options.sample_interval = std::chrono::milliseconds(options.sample_interval_ms);
  executor_options.limits.cv_percent = options.cv_warn_percent;
  Executor executor(executor_options, *progress);
  auto results = executor.run_all(instances);
  auto notes = executor.notes();
  if (options.confirm_reruns > 0) {
    // Without --confirm-budget, only the number of re-runs bounds them.
    const double budget_s =
        options.confirm_budget_s.value_or(std::numeric_limits<double>::infinity());
    // A CI shard stores into an empty database of its own and reads the history from another.
    std::unique_ptr<Database> history_file;
    db::Session* history = nullptr;
    if (postgres && options.confirm_history.empty()) {
      history = &postgres->session();
    } else {
      GlobalOptions history_options = global;
      if (!options.confirm_history.empty()) history_options.db_path = options.confirm_history;
      if (std::filesystem::is_regular_file(history_options.db_path)) {
        history_file = open_database(history_options, AccessMode::read_only);
        history = &history_file->connection();
      }
    }
    const auto confirmed =
        confirm_suspects(results, instances, executor, history, context, detection,
                         {options.confirm_reruns, budget_s, options.confirm_max_p});
    notes.insert(notes.end(), confirmed.begin(), confirmed.end());
  }
  context.ended_unix_us = now_unix_us();
  // GPU benchmarks get their clock-normalised time (gpu_cycles.hpp), and the GPU state that
  // makes timings untrustworthy is said per benchmark beside its other warnings, and once for
  // the testbed among the notes; both at once on stderr.
  for (auto& result : results) {
    add_gpu_sm_cycles(result);
    for (auto& warning : gpu_sample_warnings(result.resources)) {
      std::cerr << "perfwatch: warning: " << result.id << ": " << warning << "\n";
      result.warnings.push_back(std::move(warning));
    }
  }
  for (auto& warning :
       gpu_testbed_warnings(context.testbed_fingerprint.value("gpus", nlohmann::json::array()))) {
    std::cerr << "perfwatch: warning: " << warning << "\n";
    notes.push_back(std::move(warning));
  }
  // A testbed named by the user keeps its name when its GPUs' stable facts change (a driver
  // upgrade): the report says so, since its results may move for that reason alone. A run
  // without GPUs does not look.
  const auto gpus = context.testbed_fingerprint.value("gpus", nlohmann::json::array());
  if (!submitter && !options.no_store && !gpus.empty()) {
    const auto before = stored_testbed_gpus(postgres.get(), global, context);
    if (!before.empty()) {
      if (auto change = gpu_testbed_change(before, gpus); !change.empty()) {
        change = "testbed " + context.testbed + " changed since its previous report: " + change;
        std::cerr << "perfwatch: warning: " << change << "\n";
        notes.push_back(std::move(change));
      }
    }
  }
  context.settings = {
      {"suite", suite.name},
      {"measure", options.measure},
      {"warmup", plan.warmup},
      {"min_runs", plan.min_runs},
      {"max_runs", plan.max_runs},
      {"min_time_s", plan.min_time_s},
      {"max_time_s", plan.max_time_s},
      {"timeout_s", plan.timeout_s ? nlohmann::json(*plan.timeout_s) : nlohmann::json()},
      {"filter", options.filter},
      {"params", options.params},
      {"shard", options.shard},
      {"sample_interval_ms", options.sample_interval_ms},
      {"notes", notes},
      {"warnings", warnings_by_benchmark(results)},
  };

  const std::string receipt = make_receipt(context, results, notes).dump(2) + "\n";
  if (!options.out.empty()) write_receipt(options.out, receipt);
  const bool any_failed =
      std::any_of(results.begin(), results.end(), [](const auto& r) { return r.failed(); });
  std::string stored;
  if (submitter) {
    stored = submit_receipt(*submitter, context, receipt, options.server);
  } else if (!options.no_store) {
    std::unique_ptr<StoreSession> file;
    if (!postgres) file = std::make_unique<StoreSession>(global, "", AccessMode::read_write);
    auto& store = postgres ? *postgres : *file;
    // The receipt's hash is the content hash: ingesting the receipt again stores nothing new.
    const auto hash = sha256_hex(receipt);
    const auto report = store.report_store().store(
        {&context, hash, [&results](MetricSink& sink) { send_results(results, sink); }});
    stored =
        report.stored
            ? fmt::format("stored report {} ({} metrics, {} failed runs) in {}", report.report_id,
                          report.metrics, report.failures, store.name())
            : fmt::format("{} already holds this report as {}", store.name(), report.report_id);
  }
  if (options.format == "json") {
    std::cout << receipt;
  } else if (!options.quiet) {
    std::cout << "\n";
    print_summary(results);
    for (const auto& note : notes) {
      if (note.starts_with("confirm-suspects: ")) std::cout << "\n" << note << "\n";
    }
    if (!stored.empty()) std::cout << "\n" << stored << "\n";
    if (!options.out.empty()) std::cout << "receipt written to " << options.out << "\n";
  }
  return any_failed ? 1 : 0;
}

}  // namespace

Command add_run_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<RunOptions>();
  auto* parser = app.add_subcommand(
      "run",
      "Run the benchmark suite of perfwatch.toml, store the results as one report and print a "
      "summary. Exit code 1 when a benchmark failed (its failures are stored)");
  parser->add_option("--suite", options->suite, "Suite file")->capture_default_str();
  parser->add_option("--profile", options->profile, "quick, standard, full or comprehensive")
      ->capture_default_str();
  parser->add_option("--warmup", options->overrides.warmup, "Untimed runs before the timed ones");
  parser->add_option("--runs", options->overrides.runs, "Exactly this many timed runs");
  parser->add_option("--min-time", options->overrides.min_time_s,
                     "Keep running each benchmark at least this many seconds");
  parser->add_option("--max-time", options->overrides.max_time_s,
                     "Stop running a benchmark after this many seconds (0: no limit)");
  parser->add_option("--timeout", options->overrides.timeout_s,
                     "Kill a run (and its process group) after this many seconds");
  parser->add_option("--filter", options->filter,
                     "Only benchmarks whose name (name/param=value...) matches this regex");
  parser->add_option("--param", options->params,
                     "Only these values of a parameter, e.g. batch_size=1,8 (repeatable)");
  parser->add_option("--shard", options->shard, "Run the K-th of N even parts, e.g. 2/4");
  parser->add_flag("--dry-run", options->dry_run, "List what would run, run nothing");
  parser
      ->add_option("--measure", options->measure,
                   "time; counters (hardware counters via perf_event_open); instructions "
                   "(valgrind's callgrind, one run)")
      ->capture_default_str();
  parser->add_flag("--fail-fast", options->fail_fast, "Stop at the first failed benchmark");
  parser
      ->add_option(
          "--confirm-suspects", options->confirm_reruns,
          "--confirm-suspects[=N]: judge each result against the stored history of its "
          "branch and testbed (thresholds and [[measure]] directions of the suite file) "
          "and re-run, up to N times (3), only the benchmarks left suspect or red, pooling "
          "the re-runs' samples (median) before the report is stored; the run's notes say what was "
          "re-run and the outcome")
      ->expected(0, 1)
      ->default_str("3")
      ->check(CLI::Range(1, 1000));
  parser
      ->add_option("--confirm-budget", options->confirm_budget_s,
                   "Seconds all --confirm-suspects re-runs may take together; a re-run under way "
                   "is finished (default: no limit but N)")
      ->check(CLI::PositiveNumber);
  parser
      ->add_option("--confirm-max-p", options->confirm_max_p,
                   "Level of the step tests that judge suspects, before and after their re-runs; "
                   "give the same as `check --max-p` (e.g. 3e-3, the looser setting of "
                   "docs/detection.md)")
      ->check(CLI::Range(1e-12, 0.01))
      ->capture_default_str();
  parser->add_option("--confirm-history", options->confirm_history,
                     "DuckDB file holding the history --confirm-suspects judges against, for a "
                     "CI shard that stores into a database of its own (default: the store, "
                     "--postgres or --db); a file that does not exist: nothing is suspect. A "
                     "file, not a URL: shards that share a PostgreSQL database store into it "
                     "with --postgres and are judged against it");
  parser->add_option("--out", options->out,
                     "Write the receipt (JSON that perfwatch ingest reads back) to this file");
  parser->add_flag("--no-store", options->no_store, "Do not write the database");
  parser->add_option("--server", options->server,
                     "Submit the report to this results server (http://HOST:PORT, see perfwatch "
                     "serve) instead of the local database; what cannot be sent now is kept and "
                     "sent first next time");
  parser->add_option("--token", options->token, "API token for --server")
      ->envname("PERFWATCH_TOKEN");
  parser->add_option("--spool", options->spool, "Where submissions wait for the server")
      ->capture_default_str();
  add_postgres_option(*parser, options->postgres);
  parser->add_flag("-q,--quiet", options->quiet, "No progress and no summary");
  parser->add_flag("-v,--verbose", options->verbose, "A line per run, stderr of failures");
  parser->add_option("--format", options->format, "table, or json (the receipt on stdout)")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
  parser
      ->add_option("--sample-interval", options->sample_interval_ms,
                   "Milliseconds between resource samples (CPU %, RSS; per GPU its clocks, power, "
                   "temperature, throttling: docs/gpu.md); 0: none")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  parser
      ->add_option("--cv-warn", options->cv_warn_percent,
                   "Warn when the coefficient of variation is above this percentage")
      ->capture_default_str();
  parser->add_option("--project", options->context.project,
                     "Project slug (default: [suite] project, else detected)");
  parser->add_option("--branch", options->context.branch, "Branch (default: detected)");
  parser->add_option(
      "--testbed", options->context.testbed,
      "Testbed (default: PERFWATCH_TESTBED, else in CI the runner's kind, else the host name)");
  parser->add_option("--commit", options->context.commit, "Commit hash (default: detected)");
  return {parser, [options, &global] { return run(*options, global); }};
}

}  // namespace perfwatch::cli
