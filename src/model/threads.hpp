// model: how a measure scales with threads or processes p, from the latency of one unit of work
// (lower is better) or the throughput (higher is better). Both laws are fitted on the time per
// unit of work, where they are linear in their coefficients (non-negative least squares by
// trying every subset of the coefficients, three at most):
// - Amdahl: T(p) = T1 ((1 - f) + f / p), f the parallel fraction;
// - Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", 2007): throughput
//   X(p) = lambda p / (1 + sigma (p - 1) + kappa p (p - 1)), so
//   T(p) = 1/X = (1/lambda) (1/p + sigma (p - 1)/p + kappa (p - 1)); throughput peaks at
//   p* = sqrt((1 - sigma) / kappa) when kappa > 0.
// Confidence intervals (95%) by residual bootstrap (seeded, 200 resamples).
#pragma once

#include <optional>
#include <vector>

#include "model/complexity.hpp"

namespace perfwatch::model {

struct AmdahlFit {
  double single = 0;             // T1, the time per unit at p = 1
  double parallel_fraction = 0;  // f
  std::optional<Interval> parallel_fraction_interval;
  double relative_rms = 0;
  double max_speedup() const;  // 1 / (1 - f), infinite when f = 1
};

struct UslFit {
  double lambda = 0;  // throughput of one, in units per time unit of `time`
  double sigma = 0;   // contention
  double kappa = 0;   // coherency (crosstalk)
  std::optional<Interval> sigma_interval, kappa_interval, peak_interval;
  double relative_rms = 0;
  std::optional<double> peak_concurrency() const;  // nullopt when kappa = 0 (no peak)
};

// `p` the thread counts (>= 1), `time` the time per unit of work at each. nullopt with fewer
// than two (Amdahl) or three (USL) distinct thread counts.
std::optional<AmdahlFit> fit_amdahl(const std::vector<double>& p, const std::vector<double>& time);
std::optional<UslFit> fit_usl(const std::vector<double>& p, const std::vector<double>& time);

}  // namespace perfwatch::model
