#include "ab/wilcoxon.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

namespace perfwatch::ab {
namespace {

constexpr int kExactLimit = 50;

// Number of subsets of {1..n} per rank sum 0..n(n+1)/2, as doubles (2^50 is exact in a double),
// cumulated: entry t counts the subsets whose sum is at most t.
std::vector<double> cumulative_subset_sums(int n) {
  const int total = n * (n + 1) / 2;
  std::vector<double> counts(static_cast<std::size_t>(total) + 1, 0.0);
  counts[0] = 1;
  int reach = 0;
  for (int rank = 1; rank <= n; ++rank) {
    reach += rank;
    for (int sum = reach; sum >= rank; --sum) counts[sum] += counts[sum - rank];
  }
  std::partial_sum(counts.begin(), counts.end(), counts.begin());
  return counts;
}

double standard_normal_upper(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

double smallest_exact_p(int n) { return n <= 0 ? 1.0 : std::min(1.0, 2.0 / std::ldexp(1.0, n)); }

std::optional<WilcoxonResult> wilcoxon_signed_rank(std::span<const double> differences) {
  std::vector<double> nonzero;
  for (double d : differences) {
    if (!std::isfinite(d)) return std::nullopt;
    if (d != 0) nonzero.push_back(d);
  }
  const int n = static_cast<int>(nonzero.size());
  if (n == 0) return std::nullopt;

  std::vector<std::size_t> order(nonzero.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::abs(nonzero[a]) < std::abs(nonzero[b]);
  });
  double positive_sum = 0, tie_term = 0;
  bool ties = false;
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    while (last + 1 < order.size() &&
           std::abs(nonzero[order[last + 1]]) == std::abs(nonzero[order[first]]))
      ++last;
    const double group = static_cast<double>(last - first + 1);
    const double average_rank = (static_cast<double>(first + last) + 2.0) / 2.0;
    if (group > 1) {
      ties = true;
      tie_term += group * group * group - group;
    }
    for (std::size_t i = first; i <= last; ++i)
      if (nonzero[order[i]] > 0) positive_sum += average_rank;
    first = last + 1;
  }
  const double nn = n;
  const double rank_total = nn * (nn + 1) / 2;
  WilcoxonResult result;
  result.n = n;
  result.statistic = std::min(positive_sum, rank_total - positive_sum);

  if (n <= kExactLimit && !ties) {
    // Per thread, per n: the threshold simulation asks for the same n thousands of times.
    thread_local std::map<int, std::vector<double>> cache;
    auto [entry, added] = cache.try_emplace(n);
    if (added) entry->second = cumulative_subset_sums(n);
    const double below = entry->second[static_cast<std::size_t>(std::lround(result.statistic))];
    result.p_value = std::min(1.0, 2.0 * below / std::ldexp(1.0, n));
    result.exact = true;
    return result;
  }
  const double mean = rank_total / 2;
  const double variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tie_term / 48;
  if (variance <= 0) return std::nullopt;
  // T is at most the mean; the correction moves it half a rank towards the mean.
  const double z = (mean - result.statistic - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, 2.0 * standard_normal_upper(std::max(z, 0.0)));
  return result;
}

}  // namespace perfwatch::ab
