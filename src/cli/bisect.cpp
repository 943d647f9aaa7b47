// perfwatch bisect GOOD BAD: binary search of the commits between two refs by paired A/B
// verdicts (src/ab/bisect.hpp), each commit built once in its own worktree, commits that fail to
// build or run skipped, pairs kept so that a second bisect over an overlapping range reuses them;
// a culprit that is a merge commit is searched into, through the branch it merged.
#include "ab/bisect.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "ab/adaptive.hpp"
#include "ab/pair_cache.hpp"
#include "ab/session.hpp"
#include "ab/sides.hpp"
#include "cli/command.hpp"
#include "core/error.hpp"

namespace perfwatch::cli {
namespace {

using namespace perfwatch::ab;

struct BisectCliOptions {
  std::string good, bad;
  std::string benchmark;
  std::string command;
  std::string suite = "perfwatch.toml";
  std::string cache;
  AdaptiveOptions adaptive;
  std::string format = "text";
  std::string time = "wall";
  bool quiet = false;
};

std::string short_hash(const std::string& commit) { return commit.substr(0, 12); }

std::string effect_text(const CommitComparison& c) {
  if (!c.summary) return std::string(to_string(c.verdict));
  return fmt::format("{:+.2f}% [{:+.2f}%, {:+.2f}%] ({} pairs, p={:.2g})",
                     (c.summary->ratio - 1) * 100, (c.summary->ratio_lower - 1) * 100,
                     (c.summary->ratio_upper - 1) * 100, c.summary->pairs, c.summary->p_value);
}

class CommitBench {
 public:
  CommitBench(const BisectCliOptions& options, const GitSetup& setup,
              const std::vector<std::string>& commits)
      : options_(options),
        setup_(setup),
        commits_(commits),
        builds_(setup.repo, setup.cache / "worktrees", setup.build_command),
        pairs_(setup.cache / "pairs.json") {}

  std::string build(int index) {
    const auto& commit = commits_[static_cast<std::size_t>(index)];
    say(fmt::format("building commit {} ({})", index, short_hash(commit)));
    const auto prepared = builds_.prepare(commit);
    trees_[index] = prepared.worktree;
    return prepared.failure;
  }

  CommitComparison compare(int base, int candidate) {
    const auto& a = commits_[static_cast<std::size_t>(base)];
    const auto& b = commits_[static_cast<std::size_t>(candidate)];
    PairedSession session(units(trees_.at(base), trees_.at(candidate)),
                          options_.time == "cpu" ? measures::cpu_time : measures::latency);
    try {
      session.warm_up();
    } catch (const InputError& error) {
      return {Verdict::unknown, std::nullopt, error.what()};
    }
    const auto [unit, offset, name] = chosen_series(session);
    const std::vector<int> one = {1};
    const MeasureFn measure = [&, unit = unit, offset = offset](int, Side side) {
      auto m = session.measure(unit, side);
      if (!m.failure.empty()) return m;
      return Measurement{{m.values.at(static_cast<std::size_t>(offset))}, ""};
    };
    const auto outcome =
        sample_adaptively(one, measure, options_.adaptive, {pairs_.find(a, b, name)})[0];
    pairs_.store(a, b, name, outcome.pairs);
    if (outcome.reused_pairs > 0)
      say(fmt::format("  reused {} pairs of {} against {}", outcome.reused_pairs, short_hash(a),
                      short_hash(b)));
    return {outcome.verdict, outcome.summary, outcome.failure};
  }

  int builds_run() const { return builds_.builds_run(); }
  std::string series_name;

  void say(const std::string& line) const {
    if (!options_.quiet) std::cerr << "perfwatch bisect: " << line << "\n";
  }

 private:
  std::vector<Unit> units(const std::filesystem::path& base, const std::filesystem::path& cand) {
    if (!options_.command.empty()) {
      auto unit = command_unit(options_.benchmark.empty() ? "command" : options_.benchmark,
                               options_.command, options_.command, "", base);
      unit.candidate.cwd = cand;
      return {unit};
    }
    std::vector<std::string> only;
    if (!options_.benchmark.empty()) only.push_back(options_.benchmark);
    return suite_units(setup_.instances, only, setup_.repo, base, cand);
  }

  // The one series the search follows: the one --benchmark names, else the only one.
  std::tuple<int, int, std::string> chosen_series(const PairedSession& session) {
    std::map<int, int> seen;
    std::vector<std::tuple<int, int, std::string>> matches;
    for (const auto& s : session.series()) {
      const int offset = seen[s.unit]++;
      if (options_.benchmark.empty() || s.name == options_.benchmark ||
          s.benchmark == options_.benchmark)
        matches.emplace_back(s.unit, offset, s.name);
    }
    if (matches.size() != 1) {
      std::string names;
      for (const auto& s : session.series()) names += (names.empty() ? "" : ", ") + s.name;
      throw InputError(fmt::format("--benchmark must name one series to follow; {} match among: {}",
                                   matches.size(), names));
    }
    series_name = std::get<2>(matches.front());
    return matches.front();
  }

  const BisectCliOptions& options_;
  const GitSetup& setup_;
  const std::vector<std::string>& commits_;
  BuildCache builds_;
  PairCache pairs_;
  std::map<int, std::filesystem::path> trees_;
};

std::vector<std::string> commit_range(const GitSetup& setup, const std::string& good_ref,
                                      const std::string& bad_ref) {
  const auto good = resolve_commit(setup.repo, good_ref);
  const auto bad = resolve_commit(setup.repo, bad_ref);
  try {
    git(setup.repo, {"merge-base", "--is-ancestor", good, bad});
  } catch (const InputError&) {
    throw InputError(fmt::format("GOOD {} is not an ancestor of BAD {}", good_ref, bad_ref));
  }
  std::vector<std::string> commits = {good};
  const auto listed = git(setup.repo, {"rev-list", "--reverse", "--ancestry-path", "--first-parent",
                                       good + ".." + bad});
  std::size_t start = 0;
  while (start < listed.size()) {
    const auto end = listed.find('\n', start);
    commits.push_back(listed.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (commits.size() < 2) throw InputError("GOOD and BAD are the same commit");
  return commits;
}

// The parents of `commit`, first parent first.
std::vector<std::string> parents_of(const GitSetup& setup, const std::string& commit) {
  const auto line = git(setup.repo, {"rev-list", "--parents", "-n", "1", commit});
  std::vector<std::string> parents;
  for (std::size_t at = line.find(' '); at != std::string::npos; at = line.find(' ', at + 1))
    parents.push_back(line.substr(at + 1, 40));
  return parents;
}

// One first-parent range searched, and what the search answered there.
struct Search {
  std::vector<std::string> commits;
  BisectResult result;
  std::string series_name;
};

Search search(const BisectCliOptions& options, const GitSetup& setup,
              std::vector<std::string> commits, int& builds_run) {
  Search done{std::move(commits), {}, {}};
  CommitBench bench(options, setup, done.commits);
  bench.say(fmt::format("{} commits from {} to {}", done.commits.size(),
                        short_hash(done.commits.front()), short_hash(done.commits.back())));
  BisectHooks hooks;
  hooks.build = [&](int i) { return bench.build(i); };
  hooks.compare = [&](int a, int b) { return bench.compare(a, b); };
  hooks.progress = [&](const std::string& line) { bench.say(line); };
  done.result = bisect(static_cast<int>(done.commits.size()), hooks);
  done.series_name = bench.series_name;
  builds_run += bench.builds_run();
  return done;
}

int run_bisect(BisectCliOptions& options) {
  if (options.format != "text" && options.format != "json")
    throw InputError("--format must be text or json, not '" + options.format + "'");
  if (options.time != "wall" && options.time != "cpu")
    throw InputError("--time must be wall or cpu, not '" + options.time + "'");
  const auto setup = git_setup(options.suite, options.cache);
  int builds_run = 0;
  const auto outer =
      search(options, setup, commit_range(setup, options.good, options.bad), builds_run);
  // As git bisect does, a change brought in by a merge is looked for inside the merged branch:
  // its first-parent commits from where it forked (the merge base of the merge's parents) to the
  // merge's second parent. The merge stays the answer when that range holds no change (the
  // merge itself made it, e.g. by how it joined the two sides).
  Search found = outer;
  std::vector<std::string> merges;
  int commits_built = static_cast<int>(outer.result.built.size());
  nlohmann::json skipped = nlohmann::json::array();
  auto name_skipped = [&](const Search& s) {
    for (int i : s.result.skipped) skipped.push_back(s.commits[static_cast<std::size_t>(i)]);
  };
  name_skipped(outer);
  while (found.result.answer == BisectAnswer::culprit) {
    const auto merge = found.commits[static_cast<std::size_t>(found.result.last_bad)];
    const auto parents = parents_of(setup, merge);
    if (parents.size() < 2) break;
    const auto fork = git(setup.repo, {"merge-base", parents[0], parents[1]});
    if (fork == parents[1]) break;
    if (!options.quiet)
      std::cerr << fmt::format(
          "perfwatch bisect: {} is a merge; searching the branch it merged ({}..{})\n",
          short_hash(merge), short_hash(fork), short_hash(parents[1]));
    auto inner = search(options, setup, commit_range(setup, fork, parents[1]), builds_run);
    commits_built += static_cast<int>(inner.result.built.size());
    name_skipped(inner);
    if (inner.result.answer != BisectAnswer::culprit && inner.result.answer != BisectAnswer::range)
      break;
    merges.push_back(merge);
    found = std::move(inner);
  }
  const auto& commits = found.commits;
  const auto& result = found.result;
  auto commit_of = [&](int i) { return commits[static_cast<std::size_t>(i)]; };
  if (options.format == "json") {
    nlohmann::json out = {{"answer", to_string(result.answer)},
                          {"benchmark", outer.series_name},
                          {"good", outer.commits.front()},
                          {"bad", outer.commits.back()},
                          {"commits", outer.commits.size()},
                          {"merges", merges},
                          {"first_good", commit_of(result.first_good)},
                          {"last_bad", commit_of(result.last_bad)},
                          {"skipped", skipped},
                          {"commits_built", commits_built},
                          {"builds_run", builds_run},
                          {"total", effect_text(outer.result.total)},
                          {"effect", effect_text(result.effect)}};
    if (result.effect.summary) {
      out["ratio"] = result.effect.summary->ratio;
      out["ratio_lower"] = result.effect.summary->ratio_lower;
      out["ratio_upper"] = result.effect.summary->ratio_upper;
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{}: {} between {} and {}\n", outer.series_name,
                           effect_text(outer.result.total), options.good, options.bad);
  for (const auto& merge : merges)
    std::cout << fmt::format("inside the branch merged by {}\n", merge);
  switch (result.answer) {
    case BisectAnswer::culprit:
      std::cout << fmt::format("culprit: {} {}\n", commit_of(result.last_bad),
                               effect_text(result.effect));
      break;
    case BisectAnswer::range:
      std::cout << fmt::format("smallest range: {}..{} ({} commits) {}\n",
                               commit_of(result.first_good), commit_of(result.last_bad),
                               result.last_bad - result.first_good, effect_text(result.effect));
      break;
    case BisectAnswer::no_culprit:
      std::cout << "no culprit: GOOD and BAD are not DIFFERENT\n";
      break;
    case BisectAnswer::no_single_culprit:
      std::cout << fmt::format("no single culprit: {}..{} {}\n", commit_of(result.first_good),
                               commit_of(result.last_bad), effect_text(result.effect));
      break;
  }
  for (const auto& commit : skipped)
    std::cout << fmt::format("skipped (failed to build or run): {}\n", commit.get<std::string>());
  std::cout << fmt::format("{} commits built or reused\n", commits_built);
  return 0;
}

}  // namespace

Command add_bisect_command(CLI::App& app, const GlobalOptions&) {
  auto options = std::make_shared<BisectCliOptions>();
  options->adaptive.max_time_s = 120;
  options->adaptive.max_runs = 400;
  options->adaptive.verdict.min_change = 0.02;
  auto* cmd = app.add_subcommand(
      "bisect",
      "Find the commit between GOOD and BAD that changed a benchmark: binary search by paired "
      "A/B verdicts (as `perfwatch ab`), commits built once each in worktrees by [build] command, "
      "commits that fail to build or run skipped and named, pairs kept for later bisects. The "
      "first-parent history is searched first; when the culprit is a merge, the branch it "
      "merged is searched too (from where it forked to the merge's second parent), as git "
      "bisect would find a commit inside it.");
  cmd->add_option("GOOD", options->good, "Git ref of a commit without the change")->required();
  cmd->add_option("BAD", options->bad, "Git ref of a commit with the change")->required();
  cmd->add_option("--benchmark", options->benchmark,
                  "The benchmark (or harness series) to follow; needed when the suite has "
                  "several");
  cmd->add_option("--command", options->command,
                  "Benchmark as a shell command line run in each commit's worktree, instead of "
                  "the suite's");
  cmd->add_option("--suite", options->suite, "Suite file ([[benchmark]], [build])")
      ->capture_default_str();
  cmd->add_option("--cache", options->cache,
                  "Folder of worktrees and kept pairs (default: .perfwatch/ab in the repository)");
  cmd->add_option("--min-change", options->adaptive.verdict.min_change,
                  "Smallest relative change that matters (0.02 = 2%)")
      ->capture_default_str()
      ->check(CLI::Range(0.0001, 1.0));
  cmd->add_option("--max-time", options->adaptive.max_time_s,
                  "Seconds of measuring at most per comparison (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-runs", options->adaptive.max_runs,
                  "Runs at most per comparison (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", options->adaptive.seed, "Seed of the schedule and the bootstrap")
      ->capture_default_str();
  cmd->add_option("--format", options->format, "text or json")->capture_default_str();
  cmd->add_option("--time", options->time,
                  "Timed benchmarks: wall, or cpu (user + system; steadier on a shared machine)")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", options->quiet, "No progress lines on stderr");
  return {cmd, [options] { return run_bisect(*options); }};
}

}  // namespace perfwatch::cli
