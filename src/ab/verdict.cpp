#include "ab/verdict.hpp"

#include <cmath>
#include <limits>

#include "ab/thresholds.hpp"

namespace perfwatch::ab {

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::different:
      return "DIFFERENT";
    case Verdict::same:
      return "SAME";
    case Verdict::unknown:
      return "UNKNOWN";
  }
  return "UNKNOWN";
}

Verdict decide(const PairedSummary& summary, const VerdictOptions& options) {
  const double up = 1 + options.min_change;
  const double down = 1 / up;
  const bool beyond = summary.ratio_lower > up || summary.ratio_upper < down;
  if (summary.p_value <= kLowThreshold && beyond) return Verdict::different;
  if (summary.ratio_lower >= down && summary.ratio_upper <= up) return Verdict::same;
  // No spread at all: every pair said the same ratio; a magnitude beyond any simulated one.
  const double magnitude = summary.log_ratio_spread > 0 ? std::log(up) / summary.log_ratio_spread
                                                        : std::numeric_limits<double>::infinity();
  // Never SAME while the interval lies beyond the minimum change: a few tight pairs can leave the
  // signed-rank p-value high (a +3 % trial's 10 pairs, interval [+2.6 %, +3.4 %], p = 0.084).
  if (!beyond && summary.p_value > high_threshold(summary.pairs, magnitude)) return Verdict::same;
  return Verdict::unknown;
}

}  // namespace perfwatch::ab
