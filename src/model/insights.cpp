#include "model/insights.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace perfwatch::model {

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

std::optional<double> robust_spread(std::vector<double> values) {
  if (values.size() < 3) return std::nullopt;
  const double centre = median(values);
  if (centre == 0) return std::nullopt;
  for (double& v : values) v = std::abs(v - centre);
  return 1.4826 * median(values) / std::abs(centre);
}

std::string noise_advice(double spread, std::size_t values, bool is_time) {
  // A change must be about twice the noise to stand out of one report (a 2-sigma step).
  const double smallest = 2 * spread;
  std::string advice;
  if (spread >= 0.10) {
    advice = "run it on a dedicated testbed (isolated cores, fixed CPU frequency, no other jobs)";
  } else if (spread >= 0.02) {
    // The mean of N runs has sqrt(N) less noise; the runs that bring it under 2 %.
    const double runs = std::ceil(std::pow(spread / 0.02, 2));
    advice = fmt::format(
        "take {:g}x more runs per report (the noise of a mean falls as the "
        "square root of the runs)",
        runs);
  } else {
    advice = "quiet enough";
  }
  if (is_time && spread >= 0.02) advice += "; also record instruction counts, which barely vary";
  if (values < 10) advice += fmt::format("; only {} values so far", values);
  return fmt::format("changes under {:.0f}% are lost in the noise: {}", 100 * smallest, advice);
}

std::optional<Move> latest_move(const std::vector<double>& values, std::size_t window) {
  if (values.size() < 2) return std::nullopt;
  const std::size_t end = values.size() - 1;
  const std::size_t begin = window == 0 || window > end ? 0 : end - window;
  const double before =
      median(std::vector<double>(values.begin() + static_cast<std::ptrdiff_t>(begin),
                                 values.begin() + static_cast<std::ptrdiff_t>(end)));
  if (before == 0) return std::nullopt;
  return Move{before, values.back(), values.back() / before - 1};
}

std::vector<ScalingAnomaly> scaling_anomalies(const std::vector<double>& exponents,
                                              double tolerance) {
  std::vector<ScalingAnomaly> anomalies;
  if (exponents.size() < 3) return anomalies;
  for (std::size_t k = 0; k < exponents.size(); ++k) {
    std::vector<double> others = exponents;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(k));
    const double typical = median(others);
    if (std::abs(exponents[k] - typical) > tolerance)
      anomalies.push_back({k, exponents[k], typical});
  }
  return anomalies;
}

std::optional<MarginTrend> shrinking_margin(const std::vector<double>& margins,
                                            double min_decline) {
  const std::size_t n = margins.size();
  if (n < 4) return std::nullopt;
  std::vector<double> slopes;
  slopes.reserve(n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      slopes.push_back((margins[j] - margins[i]) / static_cast<double>(j - i));
    }
  }
  const auto middle = slopes.begin() + static_cast<std::ptrdiff_t>(slopes.size() / 2);
  std::nth_element(slopes.begin(), middle, slopes.end());
  const double slope = *middle;
  if (-slope * static_cast<double>(n - 1) < min_decline) return std::nullopt;
  // The line through the median of margin - slope * index (Sen's intercept).
  std::vector<double> intercepts;
  for (std::size_t i = 0; i < n; ++i) {
    intercepts.push_back(margins[i] - slope * static_cast<double>(i));
  }
  const auto centre = intercepts.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(intercepts.begin(), centre, intercepts.end());
  MarginTrend trend;
  trend.first = *centre;
  trend.latest = *centre + slope * static_cast<double>(n - 1);
  trend.per_report = slope;
  if (trend.latest > 0) trend.reports_left = trend.latest / -slope;
  return trend;
}

}  // namespace perfwatch::model
