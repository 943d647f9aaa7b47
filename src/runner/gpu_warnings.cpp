#include "runner/gpu_warnings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace perfwatch::runner {
namespace {

struct GpuSeries {
  int samples = 0;
  int throttled = 0;
  uint64_t reasons = 0;  // every throttling reason seen
  unsigned lowest_busy_clock = ~0u;
  unsigned highest_busy_clock = 0;
};

}  // namespace

std::vector<std::string> gpu_sample_warnings(const std::vector<ResourceSample>& samples) {
  std::map<unsigned, GpuSeries> series;
  for (const auto& sample : samples) {
    for (const auto& gpu : sample.gpus) {
      auto& one = series[gpu.index];
      ++one.samples;
      if (gpu.throttled()) {
        ++one.throttled;
        one.reasons |= *gpu.state.throttle_reasons & nvml::kThrottling;
      }
      if (gpu.state.sm_clock_mhz && gpu.state.util_percent.value_or(0) > 0) {
        one.lowest_busy_clock = std::min(one.lowest_busy_clock, *gpu.state.sm_clock_mhz);
        one.highest_busy_clock = std::max(one.highest_busy_clock, *gpu.state.sm_clock_mhz);
      }
    }
  }
  std::vector<std::string> warnings;
  for (const auto& [index, one] : series) {
    if (one.throttled > 0) {
      warnings.push_back(fmt::format(
          "GPU {} was throttled in {} of {} samples ({}): its timings ran below full clock; "
          "check its cooling and power limit (nvidia-smi -q -d PERFORMANCE)",
          index, one.throttled, one.samples, nvml::throttle_reason_names(one.reasons)));
    }
    if (one.highest_busy_clock > 0 && one.highest_busy_clock - one.lowest_busy_clock >
                                          kClockSpreadTolerance * one.highest_busy_clock) {
      warnings.push_back(fmt::format(
          "GPU {}'s SM clock moved between {} and {} MHz while busy: its clocks are not locked; "
          "lock them with `sudo nvidia-smi --lock-gpu-clocks=MIN,MAX` (e.g. its base clock)",
          index, one.lowest_busy_clock, one.highest_busy_clock));
    }
  }
  return warnings;
}

std::vector<std::string> gpu_testbed_warnings(const nlohmann::json& gpus) {
  std::vector<std::string> warnings;
  if (!gpus.is_array()) return warnings;
  for (std::size_t index = 0; index < gpus.size(); ++index) {
    const auto& gpu = gpus[index];
    const auto mode = gpu.find("persistence_mode");
    if (mode == gpu.end() || !mode->is_boolean() || mode->get<bool>()) continue;
    warnings.push_back(fmt::format(
        "GPU {} ({}) has persistence mode off: the driver may tear the GPU down between runs "
        "and each run pays for its start; turn it on with `sudo nvidia-smi -pm 1`",
        index, gpu.value("name", std::string("unnamed"))));
  }
  return warnings;
}

}  // namespace perfwatch::runner
