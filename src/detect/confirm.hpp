// Confirmation before failing: a series whose newest report is suspect or red is re-measured
// (the same commit's benchmark run again) and judged again with every run's samples pooled.
// `perfwatch run --confirm-suspects` drives the re-runs within its budget through
// needs_confirmation and judge_runs; confirm_series is the same loop without a clock, which
// bench/detection_quality_bench replays and the unit tests check.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "detect/verdict.hpp"

namespace perfwatch::detect {

// Whether a verdict calls for a re-run: suspect (a value beyond the limit alone) or red (a step
// or drift whose newest value a re-measurement can still take back).
bool needs_confirmation(const SeriesVerdict& verdict);

// One run of a benchmark on one commit: its value and its samples (repetitions; may be empty).
struct Measurement {
  double value = 0;
  std::vector<double> samples;
};

// The measurement a first run and its re-runs make together, as the stored report holds it: one
// run is itself; several are every run's samples (a run without samples is its one value),
// valued at their median. `runs` must not be empty.
Measurement pool_runs(std::span<const Measurement> runs);

// Judges the pooled measurement of `runs` (the first run, then its re-runs) against `history`.
SeriesVerdict judge_runs(std::span<const double> history, std::span<const Measurement> runs,
                         const VerdictSettings& settings);

struct Confirmation {
  SeriesVerdict first;    // the verdict on the first run alone
  SeriesVerdict verdict;  // after the re-runs used
  Measurement pooled;     // what is stored for the commit
  std::size_t reruns = 0;
};

// Judges runs[0]; while the verdict needs confirmation and re-runs are left (at most
// max_reruns, and no more than runs holds after the first), adds the next run and judges again.
// `runs` must not be empty.
Confirmation confirm_series(std::span<const double> history, std::span<const Measurement> runs,
                            std::size_t max_reruns, const VerdictSettings& settings);

}  // namespace perfwatch::detect
