#include "detect/robust_level.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "stats/descriptive.hpp"

namespace perfwatch::detect {
namespace {

// The interquartile range of a standard normal distribution, 2 Phi^-1(3/4).
constexpr double kNormalIqr = 1.3489795;

// E[min(Z^2, c^2)] for a standard normal Z: what pulling in at c deviations does to a
// Gaussian's variance, divided out so that the noise estimates its standard deviation.
double clipped_variance_factor(double clip) {
  const double tail = std::erfc(clip / std::numbers::sqrt2);  // P(|Z| > c)
  const double density = std::exp(-clip * clip / 2) / std::sqrt(2 * std::numbers::pi);
  return (1 - tail) - 2 * clip * density + clip * clip * tail;
}

}  // namespace

std::optional<RobustLevel> robust_level(std::span<const double> values, double clip) {
  const auto median = stats::median(values);
  if (!median || !stats::all_finite(values)) return std::nullopt;
  if (values.size() == 1) return RobustLevel{*median, 0};
  // The larger of the MAD's and the interquartile range's estimate: with two modes of unequal
  // weight the MAD sees only the larger one, the quartiles see both.
  double spread = std::max(*stats::median_absolute_deviation(values, stats::MadScale::normal),
                           *stats::interquartile_range(values) / kNormalIqr);
  // More than half the values equal: both are 0 although the others spread.
  if (spread == 0) spread = *stats::stddev(values);
  if (spread == 0) return RobustLevel{*median, 0};
  const double bound = clip * spread;
  double sum = 0;
  for (const double value : values) sum += std::clamp(value - *median, -bound, bound);
  const auto count = static_cast<double>(values.size());
  const double mean_offset = sum / count;
  double squares = 0;
  for (const double value : values) {
    const double offset = std::clamp(value - *median, -bound, bound) - mean_offset;
    squares += offset * offset;
  }
  const double noise = std::sqrt(squares / (count - 1) / clipped_variance_factor(clip));
  return RobustLevel{*median + mean_offset, noise};
}

}  // namespace perfwatch::detect
