#include "stats/descriptive.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cassert>
#include <cmath>
#include <vector>

namespace perfwatch::stats {
namespace {

std::vector<double> sorted_copy(std::span<const double> values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::ranges::sort(sorted);
  return sorted;
}

bool usable(std::span<const double> values, std::size_t at_least) {
  return values.size() >= at_least && all_finite(values);
}

}  // namespace

bool all_finite(std::span<const double> values) {
  return std::ranges::all_of(values, [](double value) { return std::isfinite(value); });
}

std::optional<double> mean(std::span<const double> values) {
  if (!usable(values, 1)) return std::nullopt;
  double sum = 0.0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

std::optional<double> median(std::span<const double> values) { return quantile(values, 0.5); }

std::optional<double> minimum(std::span<const double> values) {
  if (!usable(values, 1)) return std::nullopt;
  return *std::ranges::min_element(values);
}

std::optional<double> maximum(std::span<const double> values) {
  if (!usable(values, 1)) return std::nullopt;
  return *std::ranges::max_element(values);
}

double quantile_of_sorted(std::span<const double> sorted, double probability) {
  assert(!sorted.empty() && probability >= 0.0 && probability <= 1.0);  // the caller's contract
  // Type 7: h = (n - 1) p; interpolate between the order statistics at floor(h) and floor(h) + 1.
  const double position = static_cast<double>(sorted.size() - 1) * probability;
  const auto below = static_cast<std::size_t>(std::floor(position));
  if (below + 1 >= sorted.size()) return sorted.back();
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[below + 1] - sorted[below]);
}

std::optional<double> quantile(std::span<const double> values, double probability) {
  if (!usable(values, 1) || !(probability >= 0.0 && probability <= 1.0)) return std::nullopt;
  return quantile_of_sorted(sorted_copy(values), probability);
}

std::optional<double> variance(std::span<const double> values) {
  const std::optional<double> centre = mean(values);
  if (!centre || values.size() < 2) return std::nullopt;
  double sum_of_squares = 0.0;
  for (double value : values) sum_of_squares += (value - *centre) * (value - *centre);
  return sum_of_squares / static_cast<double>(values.size() - 1);
}

std::optional<double> stddev(std::span<const double> values) {
  const std::optional<double> spread = variance(values);
  if (!spread) return std::nullopt;
  return std::sqrt(*spread);
}

std::optional<double> coefficient_of_variation(std::span<const double> values) {
  const std::optional<double> centre = mean(values);
  const std::optional<double> spread = stddev(values);
  if (!centre || !spread || *centre == 0.0) return std::nullopt;
  return *spread / std::abs(*centre);
}

std::optional<double> interquartile_range(std::span<const double> values) {
  if (!usable(values, 1)) return std::nullopt;
  const std::vector<double> sorted = sorted_copy(values);
  return quantile_of_sorted(sorted, 0.75) - quantile_of_sorted(sorted, 0.25);
}

std::optional<double> median_absolute_deviation(std::span<const double> values, MadScale scale) {
  const std::optional<double> centre = median(values);
  if (!centre) return std::nullopt;
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double value : values) deviations.push_back(std::abs(value - *centre));
  const double raw = *median(deviations);
  if (scale == MadScale::raw) return raw;
  // For normal data the MAD estimates Phi^-1(3/4) sigma; dividing by it estimates sigma.
  static const double normal_quartile =
      boost::math::quantile(boost::math::normal_distribution<double>(), 0.75);
  return raw / normal_quartile;
}

}  // namespace perfwatch::stats
