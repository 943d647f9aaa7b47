// perfwatch ab BASE CANDIDATE: both sides measured on this machine, interleaved in randomised
// balanced blocks, with adaptive rounds until each benchmark is DIFFERENT or SAME (src/ab/).
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "ab/adaptive.hpp"
#include "ab/session.hpp"
#include "ab/sides.hpp"
#include "cli/ab_output.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"
#include "integrations/context.hpp"
#include "stats/descriptive.hpp"
#include "store/ab_sessions.hpp"
#include "store/postgres_pool.hpp"

namespace perfwatch::cli {
namespace {

using namespace perfwatch::ab;

struct AbCliOptions {
  std::string base, candidate;
  std::string base_command, candidate_command;
  std::string adapter;
  std::string name = "command";
  std::string suite = "perfwatch.toml";
  std::vector<std::string> benchmarks;
  std::string cache;
  AdaptiveOptions adaptive;
  std::string format = "table";
  std::string time = "wall";
  bool fail_on_worse = false;
  bool quiet = false;
  bool no_store = false;
  std::string postgres;  // store into this PostgreSQL database instead of --db
  ContextOverrides context;
};

struct SideLabel {
  std::string text;    // as the user named it
  std::string commit;  // for git refs
};

std::string percent(double ratio) { return fmt::format("{:+.2f}%", (ratio - 1) * 100); }

double side_median(const std::vector<Pair>& pairs, bool base) {
  std::vector<double> values;
  for (const auto& p : pairs) values.push_back(base ? p.base : p.candidate);
  return stats::median(values).value_or(0);
}

bool worse(const SeriesInfo& series, const Outcome& outcome) {
  if (outcome.verdict != Verdict::different || !outcome.summary) return false;
  if (series.measure.direction == Direction::higher_is_better) return outcome.summary->ratio < 1;
  if (series.measure.direction == Direction::lower_is_better) return outcome.summary->ratio > 1;
  return false;
}

int64_t unix_us_now() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string utc_now() {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

// The session as it is printed and stored: the sides, the settings and a verdict per series.
store::AbSession session_of(const SideLabel& base, const SideLabel& candidate,
                            const AbCliOptions& options, const std::vector<SeriesInfo>& series,
                            const std::vector<Outcome>& outcomes) {
  store::AbSession session;
  session.id = store::new_ab_session_id();
  session.created = utc_now();
  session.base_name = base.text;
  session.base_commit = base.commit;
  session.candidate_name = candidate.text;
  session.candidate_commit = candidate.commit;
  session.settings = {{"min_change", options.adaptive.verdict.min_change},
                      {"seed", options.adaptive.seed},
                      {"time", options.time},
                      {"max_time_s", options.adaptive.max_time_s},
                      {"max_runs", options.adaptive.max_runs},
                      {"first_round", options.adaptive.first_round_pairs}};
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const auto& o = outcomes[i];
    store::AbVerdict v;
    v.name = s.name;
    v.benchmark = s.benchmark;
    v.params_json = s.params_json;
    v.measure = s.measure.slug;
    v.units = s.measure.units;
    v.verdict = to_string(o.verdict);
    v.worse = worse(s, o);
    v.pairs = static_cast<int>(o.pairs.size());
    v.reused_pairs = o.reused_pairs;
    v.rounds = o.rounds;
    v.seconds = o.seconds;
    v.failure = o.failure;
    if (!o.pairs.empty()) {
      v.base_median = side_median(o.pairs, true);
      v.candidate_median = side_median(o.pairs, false);
    }
    if (o.summary) {
      v.ratio = o.summary->ratio;
      v.ratio_lower = o.summary->ratio_lower;
      v.ratio_upper = o.summary->ratio_upper;
      v.p_value = o.summary->p_value;
      v.exact_test = o.summary->exact;
    }
    session.verdicts.push_back(std::move(v));
  }
  return session;
}

// Each side's report: the context of this checkout (project, testbed, CI job) with the side's
// commit, on a branch of its own ("ab/" and the side's name) so that A/B values do not join the
// history of the branches `check` and the site follow.
store::AbSide side_of(const ReportContext& context, const SideLabel& label, const char* role,
                      bool commands, const std::vector<SeriesInfo>& series,
                      const std::vector<Outcome>& outcomes) {
  store::AbSide side;
  side.context = context;
  side.context.branch = std::string("ab/") + (commands ? role : label.text);
  if (!label.commit.empty()) {
    side.context.git = GitInfo{};
    side.context.git.commit = label.commit;
    side.context.git.branch = label.text;
  }
  side.context.source = label.text;
  side.context.adapter = "ab";
  for (std::size_t i = 0; i < series.size(); ++i) {
    store::AbSideSeries values{series[i].benchmark, series[i].params_json, series[i].measure, {}};
    for (const auto& pair : outcomes[i].pairs)
      values.values.push_back(std::string_view(role) == "base" ? pair.base : pair.candidate);
    side.series.push_back(std::move(values));
  }
  return side;
}

int run_ab(AbCliOptions& options, const GlobalOptions& global) {
  if (options.format != "table" && options.format != "markdown" && options.format != "json")
    throw InputError("--format must be table, markdown or json, not '" + options.format + "'");
  if (options.time != "wall" && options.time != "cpu")
    throw InputError("--time must be wall or cpu, not '" + options.time + "'");
  const bool commands = !options.base_command.empty() || !options.candidate_command.empty();
  // A database that cannot take the session is refused before anything runs (--no-store wins
  // over a PERFWATCH_POSTGRES set in the environment).
  std::unique_ptr<pg::Pool> postgres;
  if (!options.no_store && !options.postgres.empty())
    postgres = pg::Pool::open(options.postgres);
  else if (!options.no_store && std::filesystem::exists(global.db_path))
    (void)open_database(global, AccessMode::read_only);
  SideLabel base, candidate;
  std::vector<Unit> units;
  if (commands) {
    if (options.base_command.empty() || options.candidate_command.empty())
      throw InputError("--base-command and --candidate-command go together");
    if (!options.base.empty() || !options.candidate.empty())
      throw InputError(
          "give git refs BASE CANDIDATE or --base-command/--candidate-command, "
          "not both");
    base.text = options.base_command;
    candidate.text = options.candidate_command;
    units.push_back(command_unit(options.name, options.base_command, options.candidate_command,
                                 options.adapter, std::filesystem::current_path()));
  } else {
    if (options.base.empty() || options.candidate.empty())
      throw InputError(
          "ab needs BASE and CANDIDATE (git refs), or --base-command and "
          "--candidate-command");
    if (!options.adapter.empty())
      throw InputError(
          "--adapter goes with --base-command; with git refs the suite's "
          "benchmarks name their adapters");
    const auto setup = git_setup(options.suite, options.cache);
    BuildCache builds(setup.repo, setup.cache / "worktrees", setup.build_command);
    std::filesystem::path trees[2];
    SideLabel* labels[2] = {&base, &candidate};
    const std::string* refs[2] = {&options.base, &options.candidate};
    for (int i = 0; i < 2; ++i) {
      labels[i]->text = *refs[i];
      labels[i]->commit = resolve_commit(setup.repo, *refs[i]);
      if (!options.quiet)
        std::cerr << fmt::format("perfwatch ab: preparing {} ({})\n", *refs[i],
                                 labels[i]->commit.substr(0, 12));
      const auto prepared = builds.prepare(labels[i]->commit);
      if (!prepared.failure.empty())
        throw InputError(fmt::format("{} ({}) does not build: {}", *refs[i],
                                     labels[i]->commit.substr(0, 12), prepared.failure));
      trees[i] = prepared.worktree;
    }
    units = suite_units(setup.instances, options.benchmarks, setup.repo, trees[0], trees[1]);
    if (options.context.project.empty()) options.context.project = setup.project;
  }
  auto context = capture_context(options.context);
  context.started_unix_us = unix_us_now();

  PairedSession session(std::move(units),
                        options.time == "cpu" ? measures::cpu_time : measures::latency);
  if (!options.quiet) std::cerr << "perfwatch ab: warm-up run of each side\n";
  session.warm_up();
  const auto& series = session.series();
  if (series.empty()) throw InputError("the two sides report no benchmark in common");
  const RoundFn progress = [&](int round, int index, const Outcome& outcome) {
    if (options.quiet) return;
    const auto& s = series[static_cast<std::size_t>(index)];
    std::cerr << fmt::format("round {}: {} {} after {} pairs", round, s.name,
                             to_string(outcome.verdict), outcome.pairs.size());
    if (outcome.summary)
      std::cerr << fmt::format(" ({} [{}, {}])", percent(outcome.summary->ratio),
                               percent(outcome.summary->ratio_lower),
                               percent(outcome.summary->ratio_upper));
    std::cerr << "\n";
  };
  const auto outcomes = sample_adaptively(
      session.series_per_unit(), [&](int unit, Side side) { return session.measure(unit, side); },
      options.adaptive, {}, {}, progress);

  context.ended_unix_us = unix_us_now();
  auto stored = session_of(base, candidate, options, series, outcomes);
  if (!options.no_store) {
    try {
      stored.project = context.project;
      const auto base_side = side_of(context, base, "base", commands, series, outcomes);
      const auto candidate_side =
          side_of(context, candidate, "candidate", commands, series, outcomes);
      if (postgres) {
        store::store_ab_session(*postgres->lease(), base_side, candidate_side, stored);
      } else {
        const auto database = open_database(global, AccessMode::read_write);
        store::store_ab_session(*database, base_side, candidate_side, stored);
      }
    } catch (...) {
      // The verdicts are still worth seeing; the database is left as it was.
      print_ab_session(stored, options.format);
      throw;
    }
    if (!options.quiet)
      std::cerr << fmt::format(
          "perfwatch ab: stored session {} (reports {} and {}) in {}; show it again with "
          "`perfwatch compare --ab {}`{}\n",
          stored.id, stored.base_report.substr(0, 8), stored.candidate_report.substr(0, 8),
          postgres ? "the PostgreSQL database" : global.db_path, stored.id.substr(0, 8),
          postgres ? " --postgres URL" : "");
  }
  print_ab_session(stored, options.format);
  if (options.fail_on_worse) {
    for (std::size_t i = 0; i < series.size(); ++i)
      if (worse(series[i], outcomes[i])) return 1;
  }
  return 0;
}

}  // namespace

Command add_ab_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<AbCliOptions>();
  auto* cmd = app.add_subcommand(
      "ab",
      "Measure two versions side by side on this machine: runs interleaved in randomised "
      "ABBA/BAAB blocks, paired Wilcoxon signed-rank test and bootstrap interval per benchmark, "
      "more pairs in growing rounds until each is DIFFERENT or SAME (or the budget is spent). "
      "Sides are git refs (each built in its own worktree by [build] command of the suite) or "
      "commands (--base-command, --candidate-command).");
  cmd->add_option("BASE", options->base, "Git ref of the base side (e.g. origin/main)");
  cmd->add_option("CANDIDATE", options->candidate, "Git ref of the candidate side (e.g. HEAD)");
  cmd->add_option("--base-command", options->base_command,
                  "Base side as a shell command line instead of a git ref");
  cmd->add_option("--candidate-command", options->candidate_command,
                  "Candidate side as a shell command line instead of a git ref");
  cmd->add_option("--adapter", options->adapter,
                  "With commands: a harness whose standard output this adapter reads (e.g. "
                  "google_benchmark_json), one series per benchmark it reports; default: the "
                  "command's wall time");
  cmd->add_option("--name", options->name, "With commands: the benchmark's name")
      ->capture_default_str();
  cmd->add_option("--suite", options->suite, "Suite file with git refs ([[benchmark]], [build])")
      ->capture_default_str();
  cmd->add_option("--benchmark", options->benchmarks,
                  "With git refs: only this benchmark of the suite (repeatable)");
  cmd->add_option("--cache", options->cache,
                  "Folder of worktrees and kept pairs (default: .perfwatch/ab in the repository)");
  cmd->add_option("--min-change", options->adaptive.verdict.min_change,
                  "Smallest relative change that matters (0.01 = 1%)")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  cmd->add_option("--max-time", options->adaptive.max_time_s,
                  "Seconds of measuring at most, all benchmarks together (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-runs", options->adaptive.max_runs,
                  "Runs of both sides at most, all benchmarks together (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--first-round", options->adaptive.first_round_pairs,
                  "Pairs in the first round (later rounds grow 1.5 times)")
      ->capture_default_str()
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--seed", options->adaptive.seed, "Seed of the schedule and the bootstrap")
      ->capture_default_str();
  cmd->add_option("--format", options->format, "table, markdown (a PR comment section) or json")
      ->capture_default_str();
  cmd->add_option("--time", options->time,
                  "Timed benchmarks: wall, or cpu (user + system; steadier on a shared machine, "
                  "blind to waiting)")
      ->capture_default_str();
  cmd->add_flag("--fail-on-worse", options->fail_on_worse,
                "Exit 1 when a benchmark is DIFFERENT in its worse direction");
  cmd->add_flag("-q,--quiet", options->quiet, "No progress lines on stderr");
  cmd->add_flag("--no-store", options->no_store,
                "Do not store the session; by default both sides are stored in --db as two "
                "reports (branches ab/BASE and ab/CANDIDATE) linked by the session, which "
                "`perfwatch compare --ab` and the report site show");
  add_postgres_option(*cmd, options->postgres);
  cmd->add_option("--project", options->context.project,
                  "Project of the stored reports (default: [suite] project with git refs, else "
                  "detected)");
  cmd->add_option("--testbed", options->context.testbed,
                  "Testbed of the stored reports (default: PERFWATCH_TESTBED, else in CI the "
                  "runner's kind, else the host name)");
  return {cmd, [options, &global] { return run_ab(*options, global); }};
}

}  // namespace perfwatch::cli
