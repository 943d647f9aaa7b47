#include "runner/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/format.hpp"
#include "core/measure.hpp"
#include "stats/descriptive.hpp"
#include "stats/outliers.hpp"

namespace perfwatch::runner {

std::optional<Summary> summarise(std::span<const double> samples) {
  if (samples.empty() || !stats::all_finite(samples)) return std::nullopt;
  Summary summary;
  summary.n = samples.size();
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());
  summary.mean = *stats::mean(samples);
  summary.median = stats::quantile_of_sorted(sorted, 0.5);
  summary.min = sorted.front();
  summary.max = sorted.back();
  summary.p50 = summary.median;
  summary.p95 = stats::quantile_of_sorted(sorted, 0.95);
  summary.p99 = stats::quantile_of_sorted(sorted, 0.99);
  summary.mad = *stats::median_absolute_deviation(samples);
  summary.stddev = stats::stddev(samples);
  summary.cv = stats::coefficient_of_variation(samples);
  summary.outliers = stats::outlier_indices(samples).value_or(std::vector<std::size_t>{});
  return summary;
}

nlohmann::json to_json(const Summary& summary) {
  nlohmann::json json = {{"n", summary.n},           {"mean", summary.mean},
                         {"median", summary.median}, {"min", summary.min},
                         {"max", summary.max},       {"p50", summary.p50},
                         {"p95", summary.p95},       {"p99", summary.p99},
                         {"mad", summary.mad},       {"outliers", summary.outliers.size()}};
  json["stddev"] = summary.stddev ? nlohmann::json(*summary.stddev) : nlohmann::json();
  json["cv"] = summary.cv ? nlohmann::json(*summary.cv) : nlohmann::json();
  return json;
}

std::vector<std::string> timing_warnings(std::span<const double> wall_ns, const Summary& summary,
                                         const WarningLimits& limits) {
  std::vector<std::string> warnings;
  if (wall_ns.size() >= 3) {
    const auto rest = stats::median(wall_ns.subspan(1));
    if (rest && *rest > 0 && wall_ns.front() > limits.first_run_ratio * *rest) {
      warnings.push_back(fmt::format(
          "first run much slower than the rest ({} vs a median of {}): caching? add warm-up "
          "runs (--warmup)",
          humanise(wall_ns.front(), units::ns), humanise(*rest, units::ns)));
    }
  }
  // With fewer runs a "typical" spread cannot be told from an outlier.
  if (!summary.outliers.empty() && summary.n >= kMinRunsForOutliers) {
    warnings.push_back(fmt::format(
        "{} statistical outlier{} of {} runs (modified z-score above 3.5): interference from "
        "other programs?",
        summary.outliers.size(), summary.outliers.size() == 1 ? "" : "s", summary.n));
  }
  if (summary.cv && *summary.cv * 100 > limits.cv_percent) {
    warnings.push_back(
        fmt::format("coefficient of variation {:.1f}% is above {}%: noisy machine, or too few runs",
                    *summary.cv * 100, limits.cv_percent));
  }
  return warnings;
}

}  // namespace perfwatch::runner
