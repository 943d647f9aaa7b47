#include "detect/change_points.hpp"

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>

#include "stats/descriptive.hpp"
#include "stats/mann_whitney.hpp"

namespace perfwatch::detect {
namespace {

// Counts and sums of the values present, indexed by rank: how far one value is from all of them.
class RankedSums {
 public:
  explicit RankedSums(std::size_t size) : count_(size + 1), sum_(size + 1) {}

  void add(std::size_t rank, double value, int sign) {
    for (auto i = rank + 1; i < count_.size(); i += i & (~i + 1)) {
      count_[i] += sign;
      sum_[i] += sign * value;
    }
    total_count_ += sign;
    total_sum_ += sign * value;
  }

  // Sum of |v - value| over the values v present; `rank` is value's rank.
  double distance_sum(std::size_t rank, double value) const {
    double below_count = 0, below_sum = 0;
    for (auto i = rank + 1; i > 0; i -= i & (~i + 1)) {
      below_count += count_[i];
      below_sum += sum_[i];
    }
    return value * below_count - below_sum + (total_sum_ - below_sum) -
           value * (total_count_ - below_count);
  }

 private:
  std::vector<double> count_, sum_;
  double total_count_ = 0, total_sum_ = 0;
};

}  // namespace

std::optional<EnergySplit> best_energy_split(std::span<const double> values,
                                             std::size_t min_segment) {
  min_segment = std::max<std::size_t>(min_segment, 2);  // a side of one has no pairs
  const auto size = values.size();
  if (size < 2 * min_segment) return std::nullopt;
  std::vector<std::size_t> order(size);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<std::size_t> rank(size);
  for (std::size_t r = 0; r < size; ++r) rank[order[r]] = r;
  // The statistic is computed on the ranks, not the values: one wild run then weighs no more
  // than the largest ordinary one, and cannot pull the split towards itself.
  std::vector<double> ranked(size);
  for (std::size_t i = 0; i < size; ++i) ranked[i] = static_cast<double>(rank[i]);

  RankedSums left(size), right(size);
  double within_right = 0;  // sum over pairs: sum of (2r - n + 1) x_(r) over sorted values
  for (std::size_t r = 0; r < size; ++r) {
    right.add(r, ranked[order[r]], +1);
    within_right +=
        (2.0 * static_cast<double>(r) - static_cast<double>(size) + 1) * ranked[order[r]];
  }
  double within_left = 0, between = 0;
  std::optional<EnergySplit> best;
  for (std::size_t t = 0; t + min_segment < size; ++t) {
    // values[t] moves from the right side to the left.
    const double value = ranked[t];
    right.add(rank[t], value, -1);
    const double to_left = left.distance_sum(rank[t], value);
    const double to_right = right.distance_sum(rank[t], value);
    within_right -= to_right;
    between += to_right - to_left;
    within_left += to_left;
    left.add(rank[t], value, +1);

    const auto m = static_cast<double>(t + 1), n = static_cast<double>(size - t - 1);
    if (t + 1 < min_segment) continue;
    const double energy = 2.0 / (m * n) * between - within_left / (m * (m - 1) / 2) -
                          within_right / (n * (n - 1) / 2);
    const double q = m * n / (m + n) * energy;
    if (!best || q > best->q) best = EnergySplit{t + 1, q};
  }
  return best;
}

namespace {

// p of the split by the rank test: the split was chosen as the most different of all
// candidates, so its raw p-value is too small; multiplying by the number of candidates
// (Bonferroni) bounds the false-alarm rate.
std::optional<double> rank_test_p(std::span<const double> values, const EnergySplit& split,
                                  const ChangePointOptions& options) {
  const auto test = stats::mann_whitney_u(values.first(split.index), values.subspan(split.index));
  if (!test) return std::nullopt;
  const auto min_segment = std::max<std::size_t>(options.min_segment, 2);
  const auto candidates = static_cast<double>(values.size() - 2 * min_segment + 1);
  return std::min(1.0, test->p_value * candidates);
}

// p of the split by permutation (Matteson & James 2014, section 3.3). Stops as soon as so many
// permutations reached the observed Q that p cannot fall below max_p_value any more.
double permutation_p(std::span<const double> values, const EnergySplit& split,
                     const ChangePointOptions& options, std::mt19937_64& random) {
  std::vector<double> shuffled(values.begin(), values.end());
  const double give_up = options.max_p_value * static_cast<double>(options.permutations + 1);
  std::size_t at_least_as_large = 0;
  for (std::size_t i = 0; i < options.permutations; ++i) {
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    const auto permuted = best_energy_split(shuffled, options.min_segment);
    if (permuted && permuted->q >= split.q) ++at_least_as_large;
    if (static_cast<double>(at_least_as_large + 1) >= give_up) return 1.0;
  }
  return static_cast<double>(at_least_as_large + 1) / static_cast<double>(options.permutations + 1);
}

// Binary segmentation of [begin, end): significant splits go to `found`.
void segment(std::span<const double> series, std::size_t begin, std::size_t end,
             const ChangePointOptions& options, std::mt19937_64& random,
             std::vector<ChangePoint>& found) {
  const auto values = series.subspan(begin, end - begin);
  const auto split = best_energy_split(values, options.min_segment);
  if (!split) return;
  const auto p_value = options.significance == Significance::permutation
                           ? std::optional(permutation_p(values, *split, options, random))
                           : rank_test_p(values, *split, options);
  if (!p_value || *p_value >= options.max_p_value) return;
  ChangePoint point;
  point.index = begin + split->index;
  point.p_value = *p_value;
  found.push_back(point);
  segment(series, begin, point.index, options, random, found);
  segment(series, point.index, end, options, random, found);
}

// Sorts the change points and sets each one's medians from its neighbouring segments, for those
// from index `from` on.
void describe(std::span<const double> series, std::vector<ChangePoint>& points, std::size_t from) {
  std::sort(points.begin(), points.end(),
            [](const ChangePoint& a, const ChangePoint& b) { return a.index < b.index; });
  for (std::size_t i = from; i < points.size(); ++i) {
    const auto start = i == 0 ? 0 : points[i - 1].index;
    const auto stop = i + 1 == points.size() ? series.size() : points[i + 1].index;
    points[i].before = *stats::median(series.subspan(start, points[i].index - start));
    points[i].after = *stats::median(series.subspan(points[i].index, stop - points[i].index));
  }
}

}  // namespace

std::vector<ChangePoint> find_change_points(std::span<const double> series,
                                            const ChangePointOptions& options) {
  std::vector<ChangePoint> found;
  if (!stats::all_finite(series)) return found;
  std::mt19937_64 random(options.seed);
  segment(series, 0, series.size(), options, random, found);
  describe(series, found, 0);
  return found;
}

std::vector<ChangePoint> update_change_points(std::span<const double> series,
                                              std::vector<ChangePoint> known,
                                              const ChangePointOptions& options) {
  if (!stats::all_finite(series)) return {};
  const std::size_t kept = known.size();
  const std::size_t tail_begin = known.empty() ? 0 : known.back().index;
  std::mt19937_64 random(options.seed);
  segment(series, tail_begin, series.size(), options, random, known);
  // The last known change point's "after" median spans the re-examined tail.
  describe(series, known, kept == 0 ? 0 : kept - 1);
  return known;
}

}  // namespace perfwatch::detect
