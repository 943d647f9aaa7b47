#include "stats/mann_whitney.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "stats/descriptive.hpp"

namespace perfwatch::stats {
namespace {

struct Ranking {
  double rank_sum_a = 0.0;
  double tie_term = 0.0;  // sum over groups of tied values of t^3 - t
};

// Average ranks (1-based) of the pooled sample; returns a's rank sum and the tie term.
Ranking rank(std::span<const double> a, std::span<const double> b) {
  struct Entry {
    double value;
    bool from_a;
  };
  std::vector<Entry> pooled;
  pooled.reserve(a.size() + b.size());
  for (double value : a) pooled.push_back({value, true});
  for (double value : b) pooled.push_back({value, false});
  std::ranges::sort(pooled, {}, &Entry::value);

  Ranking ranking;
  std::size_t group_start = 0;
  while (group_start < pooled.size()) {
    std::size_t group_end = group_start + 1;
    while (group_end < pooled.size() && pooled[group_end].value == pooled[group_start].value) {
      ++group_end;
    }
    // Positions group_start..group_end-1 hold ranks group_start+1..group_end; all get the mean.
    const double average_rank = (static_cast<double>(group_start + group_end) + 1.0) / 2.0;
    for (std::size_t index = group_start; index < group_end; ++index) {
      if (pooled[index].from_a) ranking.rank_sum_a += average_rank;
    }
    const auto tied = static_cast<double>(group_end - group_start);
    ranking.tie_term += tied * tied * tied - tied;
    group_start = group_end;
  }
  return ranking;
}

// P(U <= u) under the null hypothesis without ties, for samples of sizes m and n. The number of
// arrangements with U = k is the coefficient of q^k in the Gaussian binomial coefficient
// [m + n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) (Mann & Whitney 1947; Andrews,
// "The Theory of Partitions", 1976, ch. 3). Each factor is applied as a multiplication by
// (1 - q^(n+i)) then a division by (1 - q^i), a running sum with stride i; after factor i the
// coefficients are those of [n + i choose i]_q, non-negative integers, so they stay exact in
// doubles while C(m + n, m) < 2^53, and carry rounding of the order of SciPy's beyond.
double exact_cdf(std::size_t u, std::size_t m, std::size_t n) {
  if (m > n) std::swap(m, n);  // the distribution is symmetric in m and n; fewer factors
  const std::size_t top = m * n;
  std::vector<double> counts(top + 1, 0.0);
  counts[0] = 1.0;
  for (std::size_t i = 1; i <= m; ++i) {
    const std::size_t degree = i * n;  // degree of the product after factor i
    for (std::size_t k = degree; k >= n + i; --k) counts[k] -= counts[k - n - i];
    for (std::size_t k = i; k <= degree; ++k) counts[k] += counts[k - i];
  }
  double at_most = 0.0;
  double total = 0.0;
  for (std::size_t k = 0; k <= top; ++k) {
    total += counts[k];
    if (k <= u) at_most += counts[k];
  }
  return at_most / total;
}

}  // namespace

std::optional<MannWhitneyResult> mann_whitney_u(std::span<const double> a,
                                                std::span<const double> b,
                                                MannWhitneyMethod method) {
  if (a.size() < 2 || b.size() < 2 || !all_finite(a) || !all_finite(b)) return std::nullopt;

  const Ranking ranking = rank(a, b);
  const auto n_a = static_cast<double>(a.size());
  const auto n_b = static_cast<double>(b.size());
  const double n = n_a + n_b;
  const bool has_ties = ranking.tie_term > 0.0;
  if (ranking.tie_term == n * n * n - n) return std::nullopt;  // every value equal

  MannWhitneyResult result;
  result.u1 = ranking.rank_sum_a - n_a * (n_a + 1.0) / 2.0;
  const double u_larger = std::max(result.u1, n_a * n_b - result.u1);

  if (method == MannWhitneyMethod::automatic) {
    // SciPy 1.10, scipy/stats/_mannwhitneyu.py, _mwu_choose_method.
    const bool both_large = a.size() > 8 && b.size() > 8;
    method = both_large || has_ties ? MannWhitneyMethod::asymptotic : MannWhitneyMethod::exact;
  }

  if (method == MannWhitneyMethod::exact) {
    if (has_ties) return std::nullopt;
    // P(U >= u) = P(U <= n_a n_b - u) by symmetry; u_larger is an integer without ties.
    const auto mirrored = static_cast<std::size_t>(std::llround(n_a * n_b - u_larger));
    result.exact = true;
    result.p_value = std::min(1.0, 2.0 * exact_cdf(mirrored, a.size(), b.size()));
    return result;
  }

  // Normal approximation: mean n_a n_b / 2, variance n_a n_b / 12 ((n + 1) - tie term /
  // (n (n - 1))) (e.g. Lehmann, "Nonparametrics", 1975, eq. 1.51; SciPy's _get_mwu_z). The 0.5
  // continuity correction moves U towards the mean; the p-value doubles the upper tail.
  const double sigma =
      std::sqrt(n_a * n_b / 12.0 * ((n + 1.0) - ranking.tie_term / (n * (n - 1.0))));
  const double z = (u_larger - n_a * n_b / 2.0 - 0.5) / sigma;
  result.p_value = std::min(1.0, std::erfc(z / std::numbers::sqrt2));
  return result;
}

}  // namespace perfwatch::stats
