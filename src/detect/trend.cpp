#include "detect/trend.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace perfwatch::detect {
namespace {

// Deviations from the level beyond this many noise deviations count as this many.
constexpr double kRampClip = 4.0;
// The newest values left out when checking that the climb is a ramp and not a step at the end.
constexpr std::size_t kStepAtEnd = 2;
// The t the slope must reach without them: a real ramp still climbs (0.5 % per commit on 2 %
// noise over 8 values: about 3), a one- or two-value jump at the end leaves a flat line.
constexpr double kShapeT = 1.0;

struct Fit {
  double slope = 0;
  double t = 0;
};

// The slope of `ramp` over `level` on side `sign`, in noise units, and its t.
Fit fit(std::span<const double> ramp, double level, double level_values, double noise,
        double sign) {
  double weighted = 0, squares = 0, sum = 0;
  for (std::size_t i = 0; i < ramp.size(); ++i) {
    const double x = static_cast<double>(i + 1);
    const double deviation = std::clamp(sign * (ramp[i] - level) / noise, -kRampClip, kRampClip);
    weighted += x * deviation;
    squares += x * x;
    sum += x;
  }
  const double slope = weighted / squares;
  const double deviation = std::sqrt(1 / squares + sum * sum / (level_values * squares * squares));
  return {slope, slope / deviation};
}

}  // namespace

std::optional<Ramp> ramp_test(std::span<const double> ramp, double level, std::size_t level_values,
                              double noise, double degrees, double sign) {
  if (!(noise > 0) || ramp.size() < kStepAtEnd + 2 || level_values == 0 || !(degrees > 0)) {
    return std::nullopt;
  }
  const double n = static_cast<double>(level_values);
  const auto whole = fit(ramp, level, n, noise, sign);
  Ramp result;
  result.values = ramp.size();
  result.slope = sign * whole.slope * noise;
  result.before = level;
  result.after = level + result.slope * static_cast<double>(ramp.size());
  const auto shape = fit(ramp.first(ramp.size() - kStepAtEnd), level, n, noise, sign);
  if (shape.t < kShapeT) return result;  // p stays 1: a step at the end, not a ramp
  result.p_value =
      boost::math::cdf(boost::math::complement(boost::math::students_t(degrees), whole.t));
  return result;
}

}  // namespace perfwatch::detect
