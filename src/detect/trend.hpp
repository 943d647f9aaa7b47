// Gradual regressions: a one-sided test that the newest values of a series climb (or fall) along
// a straight line away from the level before them, the ramp a slow regression of 0.5 % per commit
// makes, which no single report and no short run of reports shows as a step.
//
// Model: the k newest values are y_i = level + slope * i + e_i (i = 1..k, the ramp starting just
// after the baseline), the level estimated by the baseline's mean of n values, e_i of standard
// deviation sigma. Least squares with the level known up to its estimate (regression through the
// origin of y_i - level on i; Montgomery, Peck & Vining, "Introduction to Linear Regression
// Analysis", the section on regression through the origin):
//   slope^ = sum i (y_i - level^) / S,  S = sum i^2,
//   Var(slope^) = sigma^2 (1 / S + (sum i)^2 / (n S^2)),
// the second term the baseline level's own error (Var(level^) = sigma^2 / n) carried by every
// y_i - level^. slope^ / sqrt(Var) is Student's t with the noise estimate's degrees of freedom.
// Deviations are clipped to kRampClip sigma first, so that one spike in the ramp cannot make a
// trend; a step of the last one or two values is not a ramp either: the slope must also show
// without them (see ramp_test).
#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace perfwatch::detect {

struct Ramp {
  std::size_t values = 0;  // of the ramp, the newest last
  double slope = 0;        // per value
  double before = 0;       // the level before the ramp
  double after = 0;        // the fitted level at the newest value
  double p_value = 1;      // one-sided, for a climb on the side tested
};

// Tests `ramp` (oldest first, at least 4 values) against `level`, the mean of `level_values`
// baseline values with noise `noise` (a standard deviation with `degrees` degrees of freedom), on
// side `sign` (+1: climbing, -1: falling). None when the noise is not positive.
std::optional<Ramp> ramp_test(std::span<const double> ramp, double level, std::size_t level_values,
                              double noise, double degrees, double sign);

}  // namespace perfwatch::detect
