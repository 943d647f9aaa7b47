// The level and noise of a run of values that may hold a few wild ones (a busy neighbour's
// spike): values farther than `reject` robust standard deviations from the median (the larger
// of 1.4826 MAD and IQR / 1.349) are left out as outliers, and the mean and standard deviation
// of the others are taken. On Gaussian noise nothing is left out, so the estimates are as
// efficient as the plain ones (a median and MAD are not: a noise estimate from 30 values by MAD
// is as uncertain as one from 11 by the standard deviation); heavy-tailed noise (Student's t)
// keeps its tails in the noise, as it must for a mean of a few values to be judged fairly; a
// spike of +30 % on 2 % noise is left out.
#pragma once

#include <optional>
#include <span>
#include <vector>

namespace perfwatch::detect {

struct RobustLevel {
  double level = 0;  // the mean of the values kept
  double noise = 0;  // their standard deviation (0: a single value, or no spread)
};

inline constexpr double kOutlierDeviations = 6.0;

// Empty for no values or a non-finite one.
std::optional<RobustLevel> robust_level(std::span<const double> values,
                                        double reject = kOutlierDeviations);

// The values robust_level keeps, in their order: all of them when it would keep fewer than two.
std::vector<double> without_outliers(std::span<const double> values,
                                     double reject = kOutlierDeviations);

}  // namespace perfwatch::detect
