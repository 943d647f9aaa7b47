// model: a series' value between and beyond its measured parameter values, on log-log axes.
// Between points: monotone piecewise-cubic Hermite interpolation (Fritsch & Carlson, "Monotone
// piecewise cubic interpolation", SIAM J. Numer. Anal. 17(2), 1980; the derivative rule of
// Fritsch & Butland 1984 as in Moler's pchip), which follows a saturating curve where straight
// log-log segments cut its corners. Beyond the ends: the local slope, extended with the change of
// slope the last three points show, and never steeper than the last segment nor turned over: the
// assumption that measured curves saturate, they do not accelerate.
#pragma once

#include <optional>
#include <vector>

namespace perfwatch::model {

struct LogPoint {
  double log_x = 0, log_y = 0;
};

struct CurveEstimate {
  double log_y = 0;
  bool extrapolated = false;
};

// `points` in strictly increasing log_x; nullopt with fewer than two.
std::optional<CurveEstimate> curve_estimate(const std::vector<LogPoint>& points, double log_x);

}  // namespace perfwatch::model
