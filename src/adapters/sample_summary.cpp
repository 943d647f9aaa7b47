#include "adapters/sample_summary.hpp"

#include <algorithm>
#include <numeric>

namespace perfwatch {

void summarise_samples(std::span<const double> samples, MetricRecord& metric) {
  if (samples.empty()) return;
  metric.value =
      std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
  const auto [min, max] = std::minmax_element(samples.begin(), samples.end());
  metric.lower = *min;
  metric.upper = *max;
  metric.n = static_cast<int64_t>(samples.size());
  if (samples.size() > 1) metric.samples = samples;
}

}  // namespace perfwatch
