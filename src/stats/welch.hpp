// Welch's unequal-variances t-test (stats; see descriptive.hpp for what the folder owns).
#pragma once

#include <optional>
#include <span>

namespace perfwatch::stats {

struct WelchResult {
  double t = 0.0;                   // (mean(a) - mean(b)) / sqrt(var(a)/n_a + var(b)/n_b)
  double degrees_of_freedom = 0.0;  // Welch-Satterthwaite approximation
  double p_value = 0.0;             // two-sided, from Student's t with that many degrees of freedom
};

// Welch's t-test of equal means without assuming equal variances (Welch 1947), as SciPy's
// ttest_ind(a, b, equal_var=False). Empty if either sample has fewer than two values or a
// non-finite one, or both samples have zero variance.
std::optional<WelchResult> welch_t_test(std::span<const double> a, std::span<const double> b);

}  // namespace perfwatch::stats
