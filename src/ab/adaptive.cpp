#include "ab/adaptive.hpp"

#include <fmt/format.h>

#include <algorithm>
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

std::vector<Outcome> sample_adaptively(const std::vector<int>& series_per_unit,
                                       const MeasureFn& measure, const AdaptiveOptions& options,
                                       const std::vector<std::vector<Pair>>& reused, ClockFn clock,
                                       const RoundFn& on_round) {
  if (!clock) {
    const auto start = std::chrono::steady_clock::now();
    clock = [start] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  }
  std::vector<std::size_t> first_series;
  std::size_t total = 0;
  for (int count : series_per_unit) {
    first_series.push_back(total);
    total += static_cast<std::size_t>(std::max(count, 0));
  }
  std::vector<Outcome> outcomes(total);
  for (std::size_t i = 0; i < total && i < reused.size(); ++i) {
    outcomes[i].pairs = reused[i];
    outcomes[i].reused_pairs = static_cast<int>(reused[i].size());
    if (!reused[i].empty()) judge(outcomes[i], options);
  }

  std::mt19937_64 generator(options.seed);
  const double started = clock();
  long runs = 0;
  auto budget_left = [&] {
    return (options.max_runs <= 0 || runs + 2 <= options.max_runs) &&
           (options.max_time_s <= 0 || clock() - started < options.max_time_s);
  };
  double round_pairs = options.first_round_pairs;
  for (int round = 1; budget_left(); ++round) {
    bool measured = false;
    for (std::size_t unit = 0; unit < series_per_unit.size() && budget_left(); ++unit) {
      const auto first = outcomes.begin() + static_cast<std::ptrdiff_t>(first_series[unit]);
      const auto last = first + series_per_unit[unit];
      const bool undecided = std::any_of(first, last, [](const Outcome& o) {
        return o.verdict == Verdict::unknown && o.failure.empty();
      });
      if (!undecided) continue;
      const auto order = balanced_schedule(static_cast<int>(std::lround(round_pairs)), generator);
      const double unit_start = clock();
      std::string failure;
      for (std::size_t r = 0; r + 1 < order.size() && failure.empty() && budget_left(); r += 2) {
        std::vector<double> base, candidate;
        for (std::size_t k = r; k < r + 2 && failure.empty(); ++k) {
          Measurement m = measure(static_cast<int>(unit), order[k]);
          ++runs;
          if (m.failure.empty() && m.values.size() != static_cast<std::size_t>(last - first))
            m.failure =
                fmt::format("{} values where {} were expected", m.values.size(), last - first);
          failure = m.failure;
          (order[k] == Side::base ? base : candidate) = std::move(m.values);
        }
        if (!failure.empty()) break;
        for (auto it = first; it != last; ++it) {
          const auto s = static_cast<std::size_t>(it - first);
          it->pairs.push_back({base[s], candidate[s]});
        }
      }
      const double spent = clock() - unit_start;
      measured = true;
      for (auto it = first; it != last; ++it) {
        it->seconds += spent;
        it->rounds = round;
        if (failure.empty()) {
          judge(*it, options);
        } else {
          it->failure = failure;
          it->verdict = Verdict::unknown;
        }
        if (on_round) on_round(round, static_cast<int>(it - outcomes.begin()), *it);
      }
    }
    if (!measured) break;
    round_pairs *= options.growth;
  }
  return outcomes;
}

}  // namespace perfwatch::ab
