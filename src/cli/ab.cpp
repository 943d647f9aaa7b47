// perfwatch ab BASE CANDIDATE: both sides measured on this machine, interleaved in randomised
// balanced blocks, with adaptive rounds until each benchmark is DIFFERENT or SAME (src/ab/).
#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "ab/adaptive.hpp"
#include "ab/session.hpp"
#include "ab/sides.hpp"
#include "cli/command.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "stats/descriptive.hpp"

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

std::vector<std::vector<std::string>> rows_of(const std::vector<SeriesInfo>& series,
                                              const std::vector<Outcome>& outcomes) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const auto& o = outcomes[i];
    std::vector<std::string> row = {s.name, humanise(side_median(o.pairs, true), s.measure.units),
                                    humanise(side_median(o.pairs, false), s.measure.units)};
    if (o.summary) {
      row.push_back(percent(o.summary->ratio));
      row.push_back(fmt::format("[{}, {}]", percent(o.summary->ratio_lower),
                                percent(o.summary->ratio_upper)));
      row.push_back(fmt::format("{:.2g}", o.summary->p_value));
    } else {
      row.insert(row.end(), {"", "", ""});
    }
    row.push_back(std::to_string(o.pairs.size()));
    row.push_back(o.failure.empty() ? std::string(to_string(o.verdict))
                                    : "UNKNOWN (" + o.failure + ")");
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<std::string> kColumns = {"benchmark",    "base", "candidate", "change",
                                           "95% interval", "p",    "pairs",     "verdict"};

void print_markdown(const SideLabel& base, const SideLabel& candidate, double min_change,
                    const std::vector<SeriesInfo>& series, const std::vector<Outcome>& outcomes) {
  std::cout << fmt::format("### perfwatch ab: `{}` against `{}`\n\n", candidate.text, base.text);
  std::cout << "| Benchmark | Base | Candidate | Change | 95% interval | p | Pairs | Verdict |\n"
               "|---|--:|--:|--:|--:|--:|--:|---|\n";
  for (const auto& row : rows_of(series, outcomes)) {
    std::cout << "|";
    for (const auto& cell : row) std::cout << " " << cell << " |";
    std::cout << "\n";
  }
  std::cout << fmt::format(
      "\nBoth sides ran on the same machine, interleaved in randomised ABBA/BAAB blocks. "
      "DIFFERENT: Wilcoxon signed-rank p <= 0.01 and the interval beyond ±{:.1f}%; SAME: the "
      "test could have seen a {:.1f}% change and did not.\n",
      min_change * 100, min_change * 100);
}

nlohmann::json json_of(const SideLabel& base, const SideLabel& candidate,
                       const AbCliOptions& options, const std::vector<SeriesInfo>& series,
                       const std::vector<Outcome>& outcomes) {
  auto side = [](const SideLabel& label) {
    nlohmann::json j = {{"name", label.text}};
    if (!label.commit.empty()) j["commit"] = label.commit;
    return j;
  };
  nlohmann::json out = {{"base", side(base)},
                        {"candidate", side(candidate)},
                        {"min_change", options.adaptive.verdict.min_change},
                        {"seed", options.adaptive.seed},
                        {"series", nlohmann::json::array()}};
  for (std::size_t i = 0; i < series.size(); ++i) {
    const auto& s = series[i];
    const auto& o = outcomes[i];
    nlohmann::json j = {{"name", s.name},
                        {"benchmark", s.benchmark},
                        {"params", nlohmann::json::parse(s.params_json)},
                        {"measure", s.measure.slug},
                        {"units", s.measure.units},
                        {"verdict", to_string(o.verdict)},
                        {"worse", worse(s, o)},
                        {"pairs", o.pairs.size()},
                        {"reused_pairs", o.reused_pairs},
                        {"rounds", o.rounds},
                        {"seconds", o.seconds},
                        {"base_median", side_median(o.pairs, true)},
                        {"candidate_median", side_median(o.pairs, false)}};
    if (o.summary) {
      j["ratio"] = o.summary->ratio;
      j["ratio_lower"] = o.summary->ratio_lower;
      j["ratio_upper"] = o.summary->ratio_upper;
      j["p_value"] = o.summary->p_value;
      j["exact_test"] = o.summary->exact;
    }
    if (!o.failure.empty()) j["failure"] = o.failure;
    out["series"].push_back(std::move(j));
  }
  return out;
}

int run_ab(AbCliOptions& options) {
  if (options.format != "table" && options.format != "markdown" && options.format != "json")
    throw InputError("--format must be table, markdown or json, not '" + options.format + "'");
  if (options.time != "wall" && options.time != "cpu")
    throw InputError("--time must be wall or cpu, not '" + options.time + "'");
  const bool commands = !options.base_command.empty() || !options.candidate_command.empty();
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
  }

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

  if (options.format == "json") {
    std::cout << json_of(base, candidate, options, series, outcomes).dump(2) << "\n";
  } else if (options.format == "markdown") {
    print_markdown(base, candidate, options.adaptive.verdict.min_change, series, outcomes);
  } else {
    print_table(kColumns, rows_of(series, outcomes),
                {"base", "candidate", "change", "95% interval", "p", "pairs"});
  }
  if (options.fail_on_worse) {
    for (std::size_t i = 0; i < series.size(); ++i)
      if (worse(series[i], outcomes[i])) return 1;
  }
  return 0;
}

}  // namespace

Command add_ab_command(CLI::App& app, const GlobalOptions&) {
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
  return {cmd, [options] { return run_ab(*options); }};
}

}  // namespace perfwatch::cli
