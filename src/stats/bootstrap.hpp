// Percentile bootstrap confidence intervals (stats; see descriptive.hpp for what the folder owns).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace perfwatch::stats {

struct BootstrapOptions {
  std::size_t resamples = 10000;
  double confidence_level = 0.95;  // in (0, 1)
};

struct ConfidenceInterval {
  double estimate = 0.0;  // the statistic on the original sample(s)
  double lower = 0.0;
  double upper = 0.0;
};

// Percentile bootstrap (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13):
// draw resamples with replacement, compute the statistic on each, and take the type 7 quantiles
// (1 - level) / 2 and (1 + level) / 2 of those values. Draws come from std::mt19937_64 seeded
// with seed, mapped to indices by rejection so that the same seed gives the same interval with
// any standard library. All three are empty for fewer than two values in a sample, a non-finite
// value, all values of a sample equal (nothing to resample), zero resamples, or a confidence
// level outside (0, 1).

// Interval for the mean.
std::optional<ConfidenceInterval> bootstrap_mean(std::span<const double> values, std::uint64_t seed,
                                                 const BootstrapOptions& options = {});

// Interval for the median.
std::optional<ConfidenceInterval> bootstrap_median(std::span<const double> values,
                                                   std::uint64_t seed,
                                                   const BootstrapOptions& options = {});

// Interval for median(candidate) / median(baseline), resampling the two independently. Also
// empty unless every value of both samples is strictly positive (times, rates, sizes), so that
// no resampled median is zero.
std::optional<ConfidenceInterval> bootstrap_median_ratio(std::span<const double> baseline,
                                                         std::span<const double> candidate,
                                                         std::uint64_t seed,
                                                         const BootstrapOptions& options = {});

}  // namespace perfwatch::stats
