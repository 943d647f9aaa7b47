// perfwatch bisect on generated repositories (issue 16): 64 commits whose benchmark (the
// ab_workload program reading its step count from work.txt) gets 5 % more work at one random
// commit, and clean repositories of 64 commits with no change. Runs the perfwatch binary as a
// user would, a fresh cache per trial; prints how often the culprit (or "no culprit") was found,
// the commits built per bisect and the seconds per bisect.
//
//   ab_bisect_bench [TRIALS=20] [TIME=cpu|wall] [THOUSANDS=3000]
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "runner/spawn.hpp"

using namespace perfwatch;
namespace fs = std::filesystem;

namespace {

constexpr int kCommits = 64;

std::string run(const std::vector<std::string>& argv, const fs::path& cwd) {
  runner::ProcessSpec spec;
  spec.argv = argv;
  spec.cwd = cwd;
  spec.env = runner::environment_with({});
  spec.capture_stdout = true;
  const auto result = runner::run_process(spec);
  if (!result.succeeded())
    throw std::runtime_error(argv.front() + " " + argv.at(1) + ": " + result.describe_failure() +
                             ": " + result.stderr_tail);
  return result.stdout_text;
}

// The repository; returns its commits, oldest first.
std::vector<std::string> make_repository(const fs::path& repo, int culprit, int thousands) {
  fs::create_directories(repo);
  std::ofstream(repo / "perfwatch.toml") << fmt::format(
      "[[benchmark]]\nname = \"work\"\ncommand = [\"{}\", \"work.txt\"]\n", PERFWATCH_AB_WORKLOAD);
  std::ostringstream script;
  script << "set -e; git init -q; git config user.email bench@example.com; "
            "git config user.name bench\n";
  for (int i = 0; i < kCommits; ++i) {
    const double steps = i >= culprit ? thousands * 1.05 : thousands;
    script << fmt::format(
        "echo {} > work.txt; echo {} > log.txt; git add -A; "
        "git commit -q -m c{}\n",
        steps, i, i);
  }
  run({"/bin/sh", "-c", script.str()}, repo);
  std::vector<std::string> commits;
  std::istringstream listed(run({"git", "rev-list", "--reverse", "HEAD"}, repo));
  for (std::string line; std::getline(listed, line);) commits.push_back(line);
  return commits;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int trials = argc > 1 ? std::atoi(argv[1]) : 20;
  const std::string time = argc > 2 ? argv[2] : "cpu";
  const int thousands = argc > 3 ? std::atoi(argv[3]) : 3000;
  fmt::print(
      "ab_bisect_bench: {} trials per variant, {} commits, 5% regression, {} time, "
      "workload {} thousand steps, perfwatch bisect defaults (min change 2%)\n",
      trials, kCommits, time, thousands);
  std::mt19937_64 generator(2026);
  for (const bool regressed : {true, false}) {
    int right = 0, most_built = 0;
    std::vector<double> built, seconds;
    std::map<std::string, int> answers;
    for (int trial = 0; trial < trials; ++trial) {
      bench::TempDir dir;
      const int culprit =
          regressed ? std::uniform_int_distribution<int>(1, kCommits - 1)(generator) : kCommits;
      const auto commits = make_repository(dir / "repo", culprit, thousands);
      bench::Stopwatch watch;
      const auto out =
          run({PERFWATCH_BINARY, "bisect", commits.front(), commits.back(), "--time", time,
               "--format", "json", "--quiet", "--seed", std::to_string(trial + 1)},
              dir / "repo");
      seconds.push_back(watch.seconds());
      const auto json = nlohmann::json::parse(out);
      const std::string answer = json.at("answer");
      ++answers[answer];
      const bool ok = regressed
                          ? answer == "culprit" &&
                                json.at("last_bad") == commits[static_cast<std::size_t>(culprit)]
                          : answer == "no culprit";
      if (ok) ++right;
      const int n = json.at("commits_built");
      built.push_back(n);
      most_built = std::max(most_built, n);
      std::fflush(stdout);
    }
    std::string summary;
    for (const auto& [answer, count] : answers) summary += fmt::format(" {}: {};", answer, count);
    fmt::print(
        "{:<10} right {}/{} ({:.0f}%), commits built median {:.0f} max {} (limit {}), "
        "s/bisect median {:.1f};{}\n",
        regressed ? "regressed" : "clean", right, trials, 100.0 * right / trials, median(built),
        most_built, 8, median(seconds), summary);
    std::fflush(stdout);
  }
  return 0;
}
