// What a benchmark's samples say: descriptive statistics and the warnings a careful user wants.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace perfwatch::runner {

// Statistics of one measure's samples, in the samples' units. Figures that need two samples
// (stddev) are empty with one.
struct Summary {
  std::size_t n = 0;
  double mean = 0;
  double median = 0;
  double min = 0;
  double max = 0;
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double mad = 0;  // median absolute deviation, raw (not scaled to a normal's sigma)
  std::optional<double> stddev;
  std::optional<double> cv;           // stddev / mean
  std::vector<std::size_t> outliers;  // indices with |modified z-score| > 3.5
};

// Empty for no samples or a non-finite one.
std::optional<Summary> summarise(std::span<const double> samples);

nlohmann::json to_json(const Summary& summary);

struct WarningLimits {
  double cv_percent = 5;         // a coefficient of variation above this is noisy
  double first_run_ratio = 1.5;  // the first run this many times the median of the rest
};

inline constexpr std::size_t kMinRunsForOutliers = 5;

// Warnings about the wall-time samples of one benchmark, in run order: a first run much slower
// than the rest (caches), statistical outliers (from kMinRunsForOutliers runs on), a coefficient
// of variation above the limit.
std::vector<std::string> timing_warnings(std::span<const double> wall_ns, const Summary& summary,
                                         const WarningLimits& limits);

}  // namespace perfwatch::runner
