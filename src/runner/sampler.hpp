// Resource use over time while a benchmark runs: CPU % and RSS of the running command from
// /proc/<pid>/stat, and per GPU its clocks, utilisation, memory, power, temperature and throttle
// reasons through NVML when libnvidia-ml is present (integrations/nvml_library.hpp).
// A background thread wakes every interval; it reads one small /proc file per wake-up, so that
// measuring does not disturb what it measures.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "integrations/nvml_library.hpp"

namespace perfwatch::runner {

// One GPU at one moment (NVML's index order).
struct GpuSample {
  unsigned index = 0;
  nvml::DeviceState state;
  // Held below its clock by a power cap or thermal/hardware slowdown (nvml::kThrottling).
  bool throttled() const {
    return state.throttle_reasons && (*state.throttle_reasons & nvml::kThrottling) != 0;
  }
};

struct ResourceSample {
  double t_ms = 0;                    // since the sampler started
  std::optional<double> cpu_percent;  // of one core, since the previous sample of this process
  std::optional<int64_t> rss_bytes;
  std::optional<double> gpu_util_percent;  // of the first GPU, as gpus[0]
  std::optional<int64_t> gpu_mem_bytes;
  std::vector<GpuSample> gpus;
};

// One process's CPU ticks and resident pages, from /proc/<pid>/stat; empty when it is gone.
struct ProcStat {
  uint64_t cpu_ticks = 0;  // utime + stime
  int64_t rss_pages = 0;
};
std::optional<ProcStat> read_proc_stat(pid_t pid);

class GpuProbe;

class ResourceSampler {
 public:
  // interval: time between samples; zero disables sampling (start/stop do nothing).
  explicit ResourceSampler(std::chrono::milliseconds interval);
  ResourceSampler(const ResourceSampler&) = delete;
  ResourceSampler& operator=(const ResourceSampler&) = delete;
  ~ResourceSampler();

  // Starts a series (one benchmark): clears the samples and starts the clock and the thread.
  void start();
  // The process being measured now; 0 between runs.
  void watch(pid_t pid) { pid_.store(pid, std::memory_order_relaxed); }
  // Stops the thread and returns the series.
  std::vector<ResourceSample> stop();
  // Whether GPU figures are sampled (NVML found a GPU). NVML is the library
  // nvml::Library::default_path() names (PERFWATCH_NVML_LIBRARY, else libnvidia-ml.so.1).
  bool has_gpu() const;

 private:
  void loop();
  void take_sample();

  std::chrono::milliseconds interval_;
  std::unique_ptr<GpuProbe> gpu_;
  std::atomic<pid_t> pid_{0};
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point started_;
  pid_t last_pid_ = 0;
  ProcStat last_stat_;
  std::chrono::steady_clock::time_point last_time_;
  std::vector<ResourceSample> samples_;
};

}  // namespace perfwatch::runner
