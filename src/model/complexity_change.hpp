// model: whether the way a benchmark grows with its size parameter changed between two reports:
// the Extra-P fits (complexity.hpp) of the values before and after, compared by their exponents'
// 95% bootstrap intervals. An exponent whose interval lies wholly above the earlier one rose
// (O(n) -> O(n^1.5)), whatever the sizes measured take today: the cost shows at larger sizes.
#pragma once

#include <optional>
#include <vector>

#include "model/complexity.hpp"

namespace perfwatch::model {

enum class ExponentChange { rose, fell };

struct ComplexityChange {
  ExtraPModel before, after;
  ExponentChange change = ExponentChange::rose;
};

// Sizes `n` (> 0) and values `y` (a cost: time, not throughput) of each report; nullopt when
// either has fewer than four distinct sizes (no exponent interval), when an interval is missing,
// or when the intervals overlap (no clear change).
std::optional<ComplexityChange> compare_complexity(const std::vector<double>& n_before,
                                                   const std::vector<double>& y_before,
                                                   const std::vector<double>& n_after,
                                                   const std::vector<double>& y_after);

}  // namespace perfwatch::model
