#include "detect/robust_level.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "stats/descriptive.hpp"

namespace perfwatch::detect {
namespace {

// The interquartile range of a standard normal distribution, 2 Phi^-1(3/4).
constexpr double kNormalIqr = 1.3489795;

}  // namespace

std::optional<RobustLevel> robust_level(std::span<const double> values, double reject) {
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
  std::vector<double> kept;
  kept.reserve(values.size());
  for (const double value : values) {
    if (std::fabs(value - *median) <= reject * spread) kept.push_back(value);
  }
  if (kept.size() < 2) return RobustLevel{*median, spread};
  return RobustLevel{*stats::mean(kept), *stats::stddev(kept)};
}

}  // namespace perfwatch::detect
