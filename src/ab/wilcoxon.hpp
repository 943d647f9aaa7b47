// ab: the statistics of paired A/B runs (this header: the Wilcoxon signed-rank test). The folder
// owns what `perfwatch ab` and `perfwatch bisect` decide from paired measurements: the test, the
// ratio's interval, the verdict and its thresholds, the run schedule, the adaptive rounds and the
// bisection; builds.hpp owns the git worktrees and builds the sides come from.
#pragma once

#include <optional>
#include <span>

namespace perfwatch::ab {

struct WilcoxonResult {
  double statistic = 0;  // T = min(R+, R-), the smaller signed rank sum
  double p_value = 1;    // two-sided
  bool exact = false;    // from the exact null distribution, not the normal approximation
  int n = 0;             // differences used (zeros dropped)
};

// Two-sided Wilcoxon signed-rank test of whether the differences are centred on zero, as SciPy's
// wilcoxon(d, zero_method="wilcox", correction=True) defines it: zero differences are dropped,
// ties get average ranks. Exact (p = 2 P(T <= t), capped at 1, from the distribution of the rank
// sum of a random subset of 1..n) when at most 50 differences remain and none tie; otherwise the
// normal approximation with mean n(n+1)/4, variance n(n+1)(2n+1)/24 - sum(t^3 - t)/48 over tie
// groups of size t, and a continuity correction of 0.5 (Hollander, Wolfe & Chicken,
// "Nonparametric Statistical Methods", 3rd ed., 2014, section 3.1, eqs. 3.7-3.13). Empty when a
// difference is not finite or fewer than one non-zero difference remains.
std::optional<WilcoxonResult> wilcoxon_signed_rank(std::span<const double> differences);

// The smallest two-sided p-value the exact test can give for n differences: 2 / 2^n.
double smallest_exact_p(int n);

}  // namespace perfwatch::ab
