#include "detect/robust_level.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/descriptive.hpp"

namespace perfwatch::detect {
namespace {

// The interquartile range of a standard normal distribution, 2 Phi^-1(3/4).
constexpr double kNormalIqr = 1.3489795;

// The robust standard deviation of values around their median: the larger of the MAD's and the
// interquartile range's estimate (with two modes of unequal weight the MAD sees only the larger
// one, the quartiles see both); the plain one when more than half the values are equal (both
// are 0 then although the others spread). 0: no spread.
double robust_spread(std::span<const double> values) {
  const double spread = std::max(*stats::median_absolute_deviation(values, stats::MadScale::normal),
                                 *stats::interquartile_range(values) / kNormalIqr);
  return spread == 0 ? *stats::stddev(values) : spread;
}

std::vector<double> within(std::span<const double> values, double centre, double distance) {
  std::vector<double> kept;
  kept.reserve(values.size());
  for (const double value : values) {
    if (std::fabs(value - centre) <= distance) kept.push_back(value);
  }
  return kept;
}

}  // namespace

std::optional<RobustLevel> robust_level(std::span<const double> values, double reject) {
  const auto median = stats::median(values);
  if (!median || !stats::all_finite(values)) return std::nullopt;
  // Equal values have no noise: said exactly, where a mean and deviation would carry rounding
  // error (a deviation of 5e-7 on 2.6e9) and a noise-free count would no longer be judged exactly.
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  if (*lowest == *highest) return RobustLevel{*lowest, 0};
  const double spread = robust_spread(values);
  if (spread == 0) return RobustLevel{*median, 0};
  const auto kept = within(values, *median, reject * spread);
  if (kept.size() < 2) return RobustLevel{*median, spread};
  return RobustLevel{*stats::mean(kept), *stats::stddev(kept)};
}

std::vector<double> without_outliers(std::span<const double> values, double reject) {
  const auto median = stats::median(values);
  if (!median || values.size() < 2 || !stats::all_finite(values))
    return {values.begin(), values.end()};
  const double spread = robust_spread(values);
  if (spread == 0) return {values.begin(), values.end()};
  auto kept = within(values, *median, reject * spread);
  if (kept.size() < 2) return {values.begin(), values.end()};
  return kept;
}

}  // namespace perfwatch::detect
