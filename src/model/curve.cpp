#include "model/curve.hpp"

#include <algorithm>
#include <cmath>

namespace perfwatch::model {

namespace {

bool same_sign(double a, double b) { return (a > 0 && b > 0) || (a < 0 && b < 0); }

// The derivative at the first point from the first two segments (the three-point end rule).
double end_derivative(double h0, double h1, double d0, double d1) {
  double derivative = ((2 * h0 + h1) * d0 - h0 * d1) / (h0 + h1);
  if (!same_sign(derivative, d0)) return 0;
  if (!same_sign(d0, d1) && std::abs(derivative) > 3 * std::abs(d0)) return 3 * d0;
  return derivative;
}

// Extension beyond the last point (the points ordered away from the gap), gap `distance` >= 0.
double extend(const std::vector<LogPoint>& points, bool forward, double distance) {
  const std::size_t n = points.size();
  auto at = [&](std::size_t k) { return forward ? points[n - 1 - k] : points[k]; };
  const double last = (at(0).log_y - at(1).log_y) / std::abs(at(0).log_x - at(1).log_x);
  double slope = last;
  if (n >= 3) {
    const double before = (at(1).log_y - at(2).log_y) / std::abs(at(1).log_x - at(2).log_x);
    // The slope taken as linear in log x through the segments' midpoints, averaged over the gap.
    const double mid_last = std::abs(at(0).log_x - at(1).log_x) / 2;
    const double mid_before = mid_last + std::abs(at(1).log_x - at(2).log_x) / 2 + mid_last;
    const double change_per_unit = (last - before) / (mid_before - mid_last);
    slope = last + change_per_unit * (mid_last + distance / 2);
    slope = last > 0 ? std::clamp(slope, 0.0, last) : std::clamp(slope, last, 0.0);
  }
  return at(0).log_y + slope * distance;
}

}  // namespace

std::optional<CurveEstimate> curve_estimate(const std::vector<LogPoint>& points, double log_x) {
  const std::size_t n = points.size();
  if (n < 2) return std::nullopt;
  if (log_x > points.back().log_x)
    return CurveEstimate{extend(points, true, log_x - points.back().log_x), true};
  if (log_x < points.front().log_x)
    return CurveEstimate{extend(points, false, points.front().log_x - log_x), true};
  std::vector<double> h(n - 1), delta(n - 1), derivative(n);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    h[k] = points[k + 1].log_x - points[k].log_x;
    delta[k] = (points[k + 1].log_y - points[k].log_y) / h[k];
  }
  if (n == 2) {
    derivative = {delta[0], delta[0]};
  } else {
    for (std::size_t k = 1; k + 1 < n; ++k) {
      if (!same_sign(delta[k - 1], delta[k])) continue;  // derivative 0 at a local extremum
      const double w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1];
      derivative[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
    }
    derivative[0] = end_derivative(h[0], h[1], delta[0], delta[1]);
    derivative[n - 1] = end_derivative(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  }
  const std::size_t k = std::min<std::size_t>(
      n - 2, static_cast<std::size_t>(
                 std::upper_bound(points.begin(), points.end(), log_x,
                                  [](double x, const LogPoint& p) { return x < p.log_x; }) -
                 points.begin() - 1));
  const double t = (log_x - points[k].log_x) / h[k];
  const double t2 = t * t, t3 = t2 * t;
  const double value =
      (2 * t3 - 3 * t2 + 1) * points[k].log_y + (t3 - 2 * t2 + t) * h[k] * derivative[k] +
      (-2 * t3 + 3 * t2) * points[k + 1].log_y + (t3 - t2) * h[k] * derivative[k + 1];
  return CurveEstimate{value, false};
}

}  // namespace perfwatch::model
