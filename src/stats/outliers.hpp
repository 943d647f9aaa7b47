// Outlier detection by modified z-score (stats; see descriptive.hpp for what the folder owns).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace perfwatch::stats {

// Iglewicz & Hoaglin (1993), "How to Detect and Handle Outliers", recommend flagging values whose
// modified z-score exceeds 3.5 in absolute value.
inline constexpr double kModifiedZThreshold = 3.5;

// Modified z-score of each value, in input order: 0.6745 (x - median) / MAD (Iglewicz & Hoaglin
// 1993; 0.6745 ~ Phi^-1(3/4) makes it comparable to a z-score for normal data). When more than
// half the values are equal the MAD is zero; then the score divides by sqrt(pi/2) times the mean
// absolute deviation around the median instead (IBM SPSS's rule: for normal data the mean
// absolute deviation is sqrt(2/pi) sigma). Empty for fewer than two values, a non-finite one,
// or all values equal (no spread to scale by).
std::optional<std::vector<double>> modified_z_scores(std::span<const double> values);

// Indices, ascending, of values whose |modified z-score| exceeds threshold. Empty optional for
// fewer than two values or a non-finite one; an empty list when all values are equal (identical
// values have no outliers).
std::optional<std::vector<std::size_t>> outlier_indices(std::span<const double> values,
                                                        double threshold = kModifiedZThreshold);

}  // namespace perfwatch::stats
