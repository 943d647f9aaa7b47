// The CPU cost of perfwatch's resource sampler, shared by runner_overhead_bench and
// gpu_sampler_bench: this process's CPU time while the sampler watches `sleep 2`.
#pragma once

#include <cstddef>

namespace perfwatch::bench {

struct SamplerCost {
  double cpu_percent = 0;  // this process's CPU time over the wall time, as % of one core
  std::size_t samples = 0;
  std::size_t gpus = 0;  // GPUs in the last sample
};

// Runs `sleep 2` under a sampler at the interval (0: a sampler that takes no samples, the
// baseline: the spawn and the wait cost the same with and without it). The sampler opens NVML
// as PERFWATCH_NVML_LIBRARY says at that moment.
SamplerCost sampler_cost(int interval_ms);

}  // namespace perfwatch::bench
