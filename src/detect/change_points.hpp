// Change-point detection over one series of values in time order (a benchmark's history): where
// its level steps, by how much, and how sure that is.
//
// Split points come from the E-Divisive means statistic (Matteson & James, "A Nonparametric
// Approach for Multiple Change Point Analysis of Multivariate Data", JASA 2014, with alpha = 1):
// for a split of a segment into X (m values) and Y (n values),
//   Q = mn/(m+n) * ( 2/(mn) sum|x-y| - 1/C(m,2) sum|x-x'| - 1/C(n,2) sum|y-y'| ),
// maximised over the split, computed on the values' ranks within the segment (so that one wild
// run cannot pull the split towards itself), found recursively (binary segmentation), as MongoDB
// does in CI (Daly et al., "The Use of Change Point Detection to Identify Software Performance
// Regressions in a Continuous Integration System", ICPE 2020). Each candidate's significance is, by
// default, a Mann-Whitney U test of the two sides, Bonferroni-corrected for the number of candidate
// splits, instead of E-Divisive's permutation test, as Hunter replaced it with a t-test (Fleming
// et al., "Hunter: Using Change Point Detection to Hunt for Performance Regressions", ICPE 2023):
// deterministic and far cheaper; the rank test keeps heavy-tailed noise from looking like a
// shift. The original permutation test is kept as an option (Significance::permutation).
// bench/detection_quality_bench measures recall, false alarms and localisation of both.
//
// Cost: one pass over a segment is O(n log n) (sums of absolute differences kept in Fenwick
// trees over the segment's ranks), so a series of 10,000 points takes milliseconds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace perfwatch::detect {

// rank_test: Mann-Whitney U of the two sides, p multiplied by the number of candidate splits.
// permutation: Matteson & James's test: p = (1 + #{permuted segments whose best Q >= the
// observed Q}) / (1 + permutations), the segment's values shuffled each time.
enum class Significance { rank_test, permutation };

struct ChangePointOptions {
  double max_p_value = 0.001;   // a split is a change point when its p is below this
  std::size_t min_segment = 5;  // values each side must have: a lone outlier is never a change
  Significance significance = Significance::rank_test;
  std::size_t permutations = 199;  // permutation test only; the smallest p is 1/(1 + this)
  std::uint64_t seed = 1;          // of the permutations, so results are reproducible
};

struct ChangePoint {
  std::size_t index = 0;  // the first value of the new level
  double before = 0;      // median of the segment before (back to the previous change point)
  double after = 0;       // median of the segment after (up to the next change point)
  double p_value = 1;
  double change() const { return before == 0 ? 0 : (after - before) / before; }
};

// The split of values with the largest Q: the index of the first value after it, and Q; both
// sides at least min_segment (and at least 2) long; empty when values is too short.
struct EnergySplit {
  std::size_t index = 0;
  double q = 0;
};
std::optional<EnergySplit> best_energy_split(std::span<const double> values,
                                             std::size_t min_segment);

// All change points of the series, by index.
std::vector<ChangePoint> find_change_points(std::span<const double> series,
                                            const ChangePointOptions& options = {});

// The same after one or more values were appended to a series whose change points up to
// `known` were found before: only the part after the last known change point is examined again,
// so keeping a long history current costs what its newest segment costs. The segments before
// keep their change points; the medians around the last one are recomputed.
std::vector<ChangePoint> update_change_points(std::span<const double> series,
                                              std::vector<ChangePoint> known,
                                              const ChangePointOptions& options = {});

}  // namespace perfwatch::detect
