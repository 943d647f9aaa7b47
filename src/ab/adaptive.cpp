#include "ab/adaptive.hpp"

#include <chrono>
#include <cmath>
#include <random>

namespace perfwatch::ab {
namespace {

void judge(Outcome& outcome, const AdaptiveOptions& options) {
  outcome.summary = summarise_pairs(outcome.pairs, options.seed);
  outcome.verdict = outcome.summary ? decide(*outcome.summary, options.verdict) : Verdict::unknown;
}

}  // namespace

std::vector<Outcome> sample_adaptively(int benchmarks, const MeasureFn& measure,
                                       const AdaptiveOptions& options,
                                       const std::vector<std::vector<Pair>>& reused, ClockFn clock,
                                       const RoundFn& on_round) {
  if (!clock) {
    const auto start = std::chrono::steady_clock::now();
    clock = [start] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  }
  std::mt19937_64 generator(options.seed);
  std::vector<Outcome> outcomes(static_cast<std::size_t>(std::max(benchmarks, 0)));
  for (std::size_t i = 0; i < outcomes.size() && i < reused.size(); ++i) {
    outcomes[i].pairs = reused[i];
    outcomes[i].reused_pairs = static_cast<int>(reused[i].size());
    if (!reused[i].empty()) judge(outcomes[i], options);
  }
  const double started = clock();
  long runs = 0;
  auto budget_left = [&] {
    return (options.max_runs <= 0 || runs + 2 <= options.max_runs) &&
           (options.max_time_s <= 0 || clock() - started < options.max_time_s);
  };
  double round_pairs = options.first_round_pairs;
  for (int round = 1; budget_left(); ++round) {
    bool measured = false;
    for (int b = 0; b < benchmarks && budget_left(); ++b) {
      Outcome& outcome = outcomes[static_cast<std::size_t>(b)];
      if (outcome.verdict != Verdict::unknown || !outcome.failure.empty()) continue;
      const auto order = balanced_schedule(static_cast<int>(std::lround(round_pairs)), generator);
      const double benchmark_start = clock();
      for (std::size_t r = 0; r + 1 < order.size() && budget_left(); r += 2) {
        Pair pair;
        for (std::size_t k = r; k < r + 2; ++k) {
          Measurement m = measure(b, order[k]);
          ++runs;
          if (!m.value) {
            outcome.failure = m.failure.empty() ? "no value" : m.failure;
            break;
          }
          (order[k] == Side::base ? pair.base : pair.candidate) = *m.value;
        }
        if (!outcome.failure.empty()) break;
        outcome.pairs.push_back(pair);
      }
      outcome.seconds += clock() - benchmark_start;
      outcome.rounds = round;
      measured = true;
      if (outcome.failure.empty()) judge(outcome, options);
      if (on_round) on_round(round, b, outcome);
    }
    if (!measured) break;
    round_pairs *= options.growth;
  }
  return outcomes;
}

}  // namespace perfwatch::ab
