// Paired A/B quality on this machine (issue 16): a workload whose candidate is 0 %, 1 % or 3 %
// slower, judged by `perfwatch ab`'s machinery (PairedSession + adaptive rounds, as the CLI runs
// them) and, side by side, by today's way: separate runs of each side, then compare's verdict
// (detect::compare on the two sets of samples). Idle, then with a busy loop on the other core.
// Prints the rate of DIFFERENT verdicts (false positives for 0 %, power otherwise), the pairs
// and seconds each verdict took.
//
//   ab_bench [TRIALS=100] [TIME=cpu|wall] [THOUSANDS=3000] [SEPARATE_RUNS=10]
//            [LOAD=both|idle|loaded] [MAX_RUNS=400] [CHANGED_TRIALS=40] [TRIALS_FILE]
//            [SLOWDOWNS=0,1,3]
// TRIALS is for identical sides (false positives), CHANGED_TRIALS for the 1 % and 3 % cells.
// TRIALS_FILE, when given, gets one line per trial: its cell, verdict, pairs, rounds, ratio and
// interval, p-value, spread, and every pair's log ratio (to see why a trial missed). SLOWDOWNS:
// the cells' slowdowns in percent ("-" for no trials file).
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ab/adaptive.hpp"
#include "ab/session.hpp"
#include "bench_support.hpp"
#include "detect/compare.hpp"
#include "runner/spawn.hpp"

using namespace perfwatch;

namespace {

struct Tally {
  int trials = 0, different = 0, same = 0, unknown = 0;
  std::vector<double> pairs, seconds, ratios;
  int separate_positive = 0;
  std::vector<double> separate_seconds;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// A process spinning on a CPU until killed: the background load.
pid_t start_load() {
  const pid_t pid = fork();
  if (pid == 0) {
    volatile unsigned long x = 0;
    for (;;) x = x + 1;
  }
  return pid;
}

std::string command(const std::string& workload, int thousands, double slowdown) {
  return fmt::format("{} {} {}", workload, thousands, slowdown);
}

// Today's way: `runs` runs of the base, then `runs` of the candidate, then compare's verdict.
bool separate_runs_flag_a_change(const std::string& base, const std::string& candidate, int runs,
                                 bool cpu) {
  auto side = [&](const std::string& line) {
    runner::ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", line};
    spec.env = runner::environment_with({});
    spec.cwd = std::filesystem::current_path();
    detect::Series series;
    series.units = "ns";
    for (int i = 0; i < runs; ++i) {
      const auto r = runner::run_process(spec);
      if (!r.succeeded()) throw std::runtime_error(line + ": " + r.describe_failure());
      series.samples.push_back(static_cast<double>(cpu ? r.user_ns + r.system_ns : r.wall_ns));
    }
    series.value = series.samples.front();
    detect::ComparisonSide s;
    s[{"workload", "{}", "latency"}] = series;
    return s;
  };
  const auto a = side(base);
  const auto b = side(candidate);
  const auto comparison = detect::compare(a, b);
  const auto change = comparison.series.at(0).change;
  return change == detect::Change::better || change == detect::Change::worse;
}

// One trial's outcome and its pairs' log ratios, as one line of the trials file.
void write_trial(std::ofstream& out, bool loaded, double slowdown, int trial,
                 const ab::Outcome& outcome) {
  const ab::PairedSummary summary = outcome.summary.value_or(ab::PairedSummary{});
  out << fmt::format(
      "{} {} {} {} pairs={} rounds={} ratio={:.5f} [{:.5f},{:.5f}] p={:.3g} "
      "spread={:.5f} logs=",
      loaded ? "loaded" : "idle", slowdown, trial, ab::to_string(outcome.verdict),
      outcome.pairs.size(), outcome.rounds, summary.ratio, summary.ratio_lower, summary.ratio_upper,
      summary.p_value, summary.log_ratio_spread);
  for (const auto& pair : outcome.pairs)
    out << fmt::format("{:.5f},", std::log(pair.candidate / pair.base));
  out << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  const int trials = argc > 1 ? std::atoi(argv[1]) : 100;
  const bool cpu = argc > 2 ? std::string(argv[2]) == "cpu" : true;
  const int thousands = argc > 3 ? std::atoi(argv[3]) : 3000;
  const int separate_runs = argc > 4 ? std::atoi(argv[4]) : 10;
  const std::string conditions = argc > 5 ? argv[5] : "both";
  const int max_runs = argc > 6 ? std::atoi(argv[6]) : 400;
  const int changed_trials = argc > 7 ? std::atoi(argv[7]) : 40;
  std::ofstream trials_file;
  if (argc > 8 && std::string(argv[8]) != "-") trials_file.open(argv[8]);
  std::vector<double> slowdowns;
  for (std::string left = argc > 9 ? argv[9] : "0,1,3"; !left.empty();) {
    const auto comma = left.find(',');
    slowdowns.push_back(std::stod(left.substr(0, comma)));
    left = comma == std::string::npos ? "" : left.substr(comma + 1);
  }
  const std::string workload = PERFWATCH_AB_WORKLOAD;

  fmt::print(
      "ab_bench: {} trials (identical sides), {} (1% and 3% slower), {} time, workload {} "
      "thousand steps, separate runs {} per side, min change 1%, budget {} runs per trial\n",
      trials, changed_trials, cpu ? "cpu" : "wall", thousands, separate_runs, max_runs);
  fmt::print("{:<7} {:>5} | {:>9} {:>6} {:>8} {:>11} {:>9} | {:>15} {:>9}\n", "load", "slow",
             "ab DIFF%", "SAME%", "UNKNOWN%", "pairs(med)", "s/verdict", "separate DIFF%",
             "s/trial");
  fmt::print(
      "{:>20} measured ratio: median of ab's estimates (process start-up dilutes the "
      "slowdown)\n",
      "");
  for (const bool loaded : {false, true}) {
    if ((loaded && conditions == "idle") || (!loaded && conditions == "loaded")) continue;
    const pid_t load = loaded ? start_load() : 0;
    for (const double slowdown : slowdowns) {
      Tally t;
      for (int trial = 0; trial < (slowdown == 0 ? trials : changed_trials); ++trial) {
        const auto base = command(workload, thousands, 0);
        const auto candidate = command(workload, thousands, slowdown);
        ab::PairedSession session({ab::command_unit("workload", base, candidate, "", ".")},
                                  cpu ? measures::cpu_time : measures::latency);
        bench::Stopwatch watch;
        session.warm_up();
        ab::AdaptiveOptions options;
        options.seed = static_cast<std::uint64_t>(trial) + 1;
        options.max_runs = max_runs;
        options.verdict.min_change = 0.01;
        const auto outcome = ab::sample_adaptively(
            {1}, [&](int u, ab::Side s) { return session.measure(u, s); }, options)[0];
        const double seconds = watch.seconds();
        ++t.trials;
        if (outcome.verdict == ab::Verdict::different) ++t.different;
        if (outcome.verdict == ab::Verdict::same) ++t.same;
        if (outcome.verdict == ab::Verdict::unknown) ++t.unknown;
        t.pairs.push_back(static_cast<double>(outcome.pairs.size()));
        if (outcome.summary) t.ratios.push_back(outcome.summary->ratio);
        t.seconds.push_back(seconds);
        if (trials_file.is_open()) write_trial(trials_file, loaded, slowdown, trial, outcome);
        watch.restart();
        if (separate_runs_flag_a_change(base, candidate, separate_runs, cpu)) ++t.separate_positive;
        t.separate_seconds.push_back(watch.seconds());
      }
      auto pct = [&](int n) { return 100.0 * n / t.trials; };
      fmt::print(
          "{:<7} {:>4.0f}% | {:>8.1f}% {:>5.1f}% {:>7.1f}% {:>11.0f} {:>9.2f} | {:>14.1f}% "
          "{:>9.2f}  ratio {:.4f}\n",
          loaded ? "loaded" : "idle", slowdown, pct(t.different), pct(t.same), pct(t.unknown),
          median(t.pairs), median(t.seconds), pct(t.separate_positive), median(t.separate_seconds),
          median(t.ratios));
      std::fflush(stdout);
    }
    if (loaded) {
      kill(load, SIGKILL);
      waitpid(load, nullptr, 0);
    }
  }
  return 0;
}
