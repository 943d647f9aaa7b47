#include "runner/gpu_cycles.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace perfwatch::runner {
namespace {

struct Busy {
  double util_sum = 0;
  double clock_sum = 0;
  int clocks = 0;
};

}  // namespace

bool add_gpu_sm_cycles(InstanceResult& result) {
  std::map<unsigned, Busy> gpus;
  for (const auto& sample : result.resources) {
    for (const auto& gpu : sample.gpus) {
      const auto util = gpu.state.util_percent.value_or(0);
      if (util == 0 || !gpu.state.sm_clock_mhz) continue;
      auto& busy = gpus[gpu.index];
      busy.util_sum += util;
      busy.clock_sum += *gpu.state.sm_clock_mhz;
      ++busy.clocks;
    }
  }
  if (gpus.empty()) return false;
  const auto busiest = std::max_element(gpus.begin(), gpus.end(), [](const auto& a, const auto& b) {
    return a.second.util_sum < b.second.util_sum;
  });
  // ns × MHz = 1e-9 s × 1e6 / s = 1e-3 cycles.
  const double factor = busiest->second.clock_sum / busiest->second.clocks * 1e-3;
  std::vector<OwnedMetric> added;
  for (const auto& metric : result.metrics) {
    if (metric.measure != measures::latency || metric.samples.empty()) continue;
    OwnedMetric cycles = metric;
    cycles.measure = gpu_sm_cycles;
    for (auto& sample : cycles.samples) sample *= factor;
    cycles.value *= factor;
    if (cycles.lower) *cycles.lower *= factor;
    if (cycles.upper) *cycles.upper *= factor;
    added.push_back(std::move(cycles));
  }
  if (added.empty()) return false;
  // The statistics summarise the runner's own timed runs; a harness's metrics are its own.
  if (result.mode == "timed") {
    if (const auto summary = summarise(added.front().samples)) {
      result.statistics[gpu_sm_cycles.slug] = to_json(*summary);
    }
  }
  for (auto& metric : added) result.metrics.push_back(std::move(metric));
  return true;
}

}  // namespace perfwatch::runner
