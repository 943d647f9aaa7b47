#include "ab/paired.hpp"

#include <cmath>

#include "stats/bootstrap.hpp"
#include "stats/descriptive.hpp"

namespace perfwatch::ab {

std::optional<PairedSummary> summarise_pairs(const std::vector<Pair>& pairs, std::uint64_t seed,
                                             double confidence_level) {
  if (pairs.size() < 2) return std::nullopt;
  std::vector<double> logs;
  logs.reserve(pairs.size());
  for (const auto& pair : pairs) {
    if (!(pair.base > 0) || !(pair.candidate > 0) || !std::isfinite(pair.base) ||
        !std::isfinite(pair.candidate))
      return std::nullopt;
    logs.push_back(std::log(pair.candidate / pair.base));
  }
  PairedSummary summary;
  summary.pairs = static_cast<int>(pairs.size());
  const double centre = *stats::median(logs);
  summary.ratio = summary.ratio_lower = summary.ratio_upper = std::exp(centre);
  summary.log_ratio_spread = *stats::median_absolute_deviation(logs, stats::MadScale::normal);
  stats::BootstrapOptions options;
  options.confidence_level = confidence_level;
  options.resamples = 2000;
  if (auto interval = stats::bootstrap_median(logs, seed, options)) {
    summary.ratio_lower = std::exp(interval->lower);
    summary.ratio_upper = std::exp(interval->upper);
  }
  if (auto test = wilcoxon_signed_rank(logs)) {
    summary.p_value = test->p_value;
    summary.exact = test->exact;
  }
  return summary;
}

}  // namespace perfwatch::ab
