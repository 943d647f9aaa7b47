// Mann-Whitney U rank test (stats; see descriptive.hpp for what the folder owns).
#pragma once

#include <optional>
#include <span>

namespace perfwatch::stats {

// How the p-value is found. automatic follows SciPy 1.10's mannwhitneyu(method="auto"): exact
// unless both samples have more than 8 values or there are ties, asymptotic otherwise.
enum class MannWhitneyMethod { automatic, exact, asymptotic };

struct MannWhitneyResult {
  double u1 = 0.0;       // U of the first sample: rank sum of a - n_a (n_a + 1) / 2 (SciPy's)
  double p_value = 0.0;  // two-sided
  bool exact = false;    // whether the exact null distribution gave p_value
};

// Two-sided Mann-Whitney U test of whether a and b come from the same distribution, matching
// SciPy's mannwhitneyu(a, b, alternative="two-sided", use_continuity=True). Ties get average
// ranks. exact: p = 2 P(U >= max(U1, U2)) under the null distribution of U without ties, capped
// at 1. asymptotic: normal approximation with the tie-corrected variance and a continuity
// correction of 0.5. Empty if either sample has fewer than two values or a non-finite one, if
// every value is equal (no spread: the variance of U is zero), or if exact is asked for with ties.
// The exact distribution costs O(min(n_a, n_b)^2 max(n_a, n_b)) time and O(n_a n_b) memory:
// cheap under automatic (the smaller sample has at most 8 values), costly if forced on large
// samples.
std::optional<MannWhitneyResult> mann_whitney_u(
    std::span<const double> a, std::span<const double> b,
    MannWhitneyMethod method = MannWhitneyMethod::automatic);

}  // namespace perfwatch::stats
