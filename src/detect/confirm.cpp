#include "detect/confirm.hpp"

#include <algorithm>
#include <stdexcept>

#include "stats/descriptive.hpp"

namespace perfwatch::detect {

bool needs_confirmation(const SeriesVerdict& verdict) {
  return verdict.status == Status::suspect || verdict.status == Status::red;
}

Measurement pool_runs(std::span<const Measurement> runs) {
  if (runs.empty()) throw std::invalid_argument("pool_runs: no run");
  if (runs.size() == 1) return runs.front();
  Measurement pooled;
  for (const auto& run : runs) {
    if (run.samples.empty()) {
      pooled.samples.push_back(run.value);
    } else {
      pooled.samples.insert(pooled.samples.end(), run.samples.begin(), run.samples.end());
    }
  }
  pooled.value = *stats::median(pooled.samples);
  return pooled;
}

SeriesVerdict judge_runs(std::span<const double> history, std::span<const Measurement> runs,
                         const VerdictSettings& settings) {
  const auto pooled = pool_runs(runs);
  return judge_series(history, pooled.value, pooled.samples, settings);
}

Confirmation confirm_series(std::span<const double> history, std::span<const Measurement> runs,
                            std::size_t max_reruns, const VerdictSettings& settings) {
  if (runs.empty()) throw std::invalid_argument("confirm_series: no run");
  Confirmation confirmation;
  confirmation.first = judge_runs(history, runs.first(1), settings);
  confirmation.verdict = confirmation.first;
  const auto available = std::min(max_reruns, runs.size() - 1);
  while (needs_confirmation(confirmation.verdict) && confirmation.reruns < available) {
    ++confirmation.reruns;
    confirmation.verdict = judge_runs(history, runs.first(confirmation.reruns + 1), settings);
  }
  confirmation.pooled = pool_runs(runs.first(confirmation.reruns + 1));
  return confirmation;
}

}  // namespace perfwatch::detect
