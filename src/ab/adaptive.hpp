// ab: adaptive sampling rounds (see wilcoxon.hpp for what the folder owns): benchmarks still
// UNKNOWN get more pairs, in growing rounds, until decided or until the budget is spent.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ab/paired.hpp"
#include "ab/schedule.hpp"
#include "ab/verdict.hpp"

namespace perfwatch::ab {

struct AdaptiveOptions {
  int first_round_pairs = 10;  // the exact test needs 8 pairs to reach p <= 0.01 at all
  double growth = 1.5;         // each round has this many times the pairs of the one before
  int max_runs = 1000;         // runs of both sides over all benchmarks; 0: no limit
  double max_time_s = 600;     // seconds of measuring over all benchmarks; 0: no limit
  std::uint64_t seed = 1;      // of the schedule and of the bootstrap
  VerdictOptions verdict;
};

struct Outcome {
  std::vector<Pair> pairs;  // reused ones first, then this session's in the order they ran
  std::optional<PairedSummary> summary;
  Verdict verdict = Verdict::unknown;
  int reused_pairs = 0;
  int rounds = 0;
  double seconds = 0;   // spent measuring this benchmark in this session
  std::string failure;  // why a run failed; the benchmark then stops, UNKNOWN
};

// One run of one side of one benchmark: its value (lower or higher is better, as long as both
// sides agree), or a failure message.
struct Measurement {
  std::optional<double> value;
  std::string failure;
};
using MeasureFn = std::function<Measurement(int benchmark, Side side)>;
using ClockFn = std::function<double()>;  // seconds, monotonic
using RoundFn = std::function<void(int round, int benchmark, const Outcome&)>;

// Measures `benchmarks` benchmarks, pair by pair in the balanced schedule, each starting from its
// entry of `reused` (pairs measured before, e.g. by an earlier bisect; may be shorter than
// `benchmarks`). A benchmark whose reused pairs already decide it runs nothing. `clock` defaults
// to the steady clock; `on_round` hears each benchmark after each of its rounds.
std::vector<Outcome> sample_adaptively(int benchmarks, const MeasureFn& measure,
                                       const AdaptiveOptions& options,
                                       const std::vector<std::vector<Pair>>& reused = {},
                                       ClockFn clock = {}, const RoundFn& on_round = {});

}  // namespace perfwatch::ab
