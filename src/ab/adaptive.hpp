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
  std::string failure;  // why a run failed; the unit then stops, its series UNKNOWN
};

// One run of one side of one unit: a value per series of the unit (a command has one, its wall
// time; a harness binary has one per benchmark it reports), or a failure message.
struct Measurement {
  std::vector<double> values;
  std::string failure;
};
using MeasureFn = std::function<Measurement(int unit, Side side)>;
using ClockFn = std::function<double()>;  // seconds, monotonic
using RoundFn = std::function<void(int round, int series, const Outcome&)>;

// Measures units of series_per_unit[u] series each, pair by pair in the balanced schedule; a
// unit gets another round while any of its series is UNKNOWN. Series are numbered across units
// in order; each starts from its entry of `reused` (pairs measured before, e.g. by an earlier
// bisect; may be shorter than the series). A unit whose reused pairs already decide all its
// series runs nothing. A run with the wrong number of values is a failure. `clock` defaults to
// the steady clock; `on_round` hears each series after each of its rounds.
std::vector<Outcome> sample_adaptively(const std::vector<int>& series_per_unit,
                                       const MeasureFn& measure, const AdaptiveOptions& options,
                                       const std::vector<std::vector<Pair>>& reused = {},
                                       ClockFn clock = {}, const RoundFn& on_round = {});

}  // namespace perfwatch::ab
