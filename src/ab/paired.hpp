// ab: what paired measurements of one benchmark say (see wilcoxon.hpp for what the folder owns):
// the per-pair log ratios, the test on them and the bootstrap interval of the ratio.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ab/wilcoxon.hpp"

namespace perfwatch::ab {

// One pair: the base side's value and the candidate's, measured next to each other.
struct Pair {
  double base = 0;
  double candidate = 0;
};

struct PairedSummary {
  int pairs = 0;
  double ratio = 1;        // exp(median of log(candidate / base)): candidate's typical factor
  double ratio_lower = 1;  // 95 % percentile bootstrap interval of that median, as ratios
  double ratio_upper = 1;
  double p_value = 1;           // Wilcoxon signed-rank on the log ratios, two-sided
  double log_ratio_spread = 0;  // robust standard deviation of the log ratios (MAD x 1.4826)
  bool exact = false;
};

// Log ratios, because a slowdown of x % moves every pair by the same log(1 + x), whatever each
// benchmark's scale. Empty for fewer than two pairs or a value that is not finite and positive.
// All ratios equal: the interval is that ratio and the p-value comes from the signs alone.
std::optional<PairedSummary> summarise_pairs(const std::vector<Pair>& pairs, std::uint64_t seed,
                                             double confidence_level = 0.95);

}  // namespace perfwatch::ab
