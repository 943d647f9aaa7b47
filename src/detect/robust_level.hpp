// The level and noise of a run of values that may hold a few wild ones (a busy neighbour's
// spike): a Huber-type one-step estimate. Values farther than `clip` robust standard deviations
// (the larger of 1.4826 MAD and IQR / 1.349) from the median are pulled in to that distance, then
// the mean and standard deviation of the pulled-in values are taken. Nearly as efficient as the
// plain mean and standard deviation on Gaussian noise (which a median and MAD are not: a noise
// estimate from 30 values by MAD is as uncertain as one from 11 by the standard deviation), and a
// spike moves them by at most `clip` deviations over the number of values.
#pragma once

#include <optional>
#include <span>

namespace perfwatch::detect {

struct RobustLevel {
  double level = 0;  // the mean of the pulled-in values
  double noise = 0;  // their standard deviation, scaled to estimate a Gaussian's (0: no spread)
};

inline constexpr double kRobustClip = 2.5;

// Empty for no values or a non-finite one; noise 0 for a single value or no spread.
std::optional<RobustLevel> robust_level(std::span<const double> values, double clip = kRobustClip);

}  // namespace perfwatch::detect
