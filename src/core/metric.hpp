#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/measure.hpp"

namespace perfwatch {

// One value of one measure of one benchmark, as an adapter or the runner hands it over.
// Views only: a MetricSink copies what it keeps before add() returns.
struct MetricRecord {
  std::string_view benchmark;           // full benchmark name, e.g. "BM_parse/4096"
  std::string_view params_json = "{}";  // parameters as a JSON object, e.g. {"batch":8}
  const Measure* measure = nullptr;
  double value = 0;
  std::optional<double> lower;      // lower bound of the value (confidence bound or min)
  std::optional<double> upper;      // upper bound of the value
  int64_t n = 0;                    // number of samples the value summarises; 0 when unknown
  std::span<const double> samples;  // raw samples in the measure's units, when the input has them
};

// A run of a benchmark that failed (non-zero exit, signal or timeout), kept instead of a timing.
struct RunFailureRecord {
  std::string_view benchmark;
  std::string_view params_json = "{}";
  int32_t run_index = 0;  // 0-based among the benchmark's runs; -1 for its setup or teardown
  std::optional<int32_t> exit_code;
  std::optional<int32_t> term_signal;
  bool timed_out = false;
  std::string_view stderr_tail;
};

// Resource use at one moment while a benchmark ran.
struct ResourceSampleRecord {
  std::string_view benchmark;
  std::string_view params_json = "{}";
  double t_ms = 0;  // since the benchmark's first run started
  std::optional<double> cpu_percent;
  std::optional<int64_t> rss_bytes;
  std::optional<double> gpu_util_percent;
  std::optional<int64_t> gpu_mem_bytes;
};

// One GPU's state at one moment while a benchmark ran (runner/sampler.hpp's GpuSample).
struct GpuSampleRecord {
  std::string_view benchmark;
  std::string_view params_json = "{}";
  double t_ms = 0;  // the resource sample's time
  int32_t gpu_index = 0;
  std::optional<int32_t> sm_clock_mhz;
  std::optional<int32_t> mem_clock_mhz;
  std::optional<double> util_percent;
  std::optional<int64_t> mem_used_bytes;
  std::optional<double> power_w;
  std::optional<double> temperature_c;
  std::optional<int64_t> throttle_reasons;  // NVML's nvmlClocksThrottleReason* bits
  bool throttled = false;
};

// Receives metrics as they are parsed, so a large input never exists twice in memory.
class MetricSink {
 public:
  virtual ~MetricSink() = default;
  virtual void add(const MetricRecord& metric) = 0;
  // The harness and version that wrote the input, when the input says (e.g. "JMH 1.36").
  virtual void set_tool_version(std::string_view tool_version) = 0;
  // What only perfwatch's runner records; sinks that keep metrics alone ignore them.
  virtual void add_failure(const RunFailureRecord& /*failure*/) {}
  virtual void add_resource_sample(const ResourceSampleRecord& /*sample*/) {}
  virtual void add_gpu_sample(const GpuSampleRecord& /*sample*/) {}
};

}  // namespace perfwatch
