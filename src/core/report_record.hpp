// A report held whole in memory: its context, the SHA-256 of its content and owned copies of
// every record a MetricSink receives (metrics, failed runs, resource and GPU samples). The one
// owned form of a report's records: the results server keeps a parsed submission as one, the
// runner keeps its metrics as OwnedMetric, and ReportStore::store takes it (report_store.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "core/metric.hpp"
#include "core/report_context.hpp"

namespace perfwatch {

struct OwnedMetric {
  std::string benchmark;
  std::string params_json = "{}";
  Measure measure;
  double value = 0;
  std::optional<double> lower;
  std::optional<double> upper;
  int64_t n = 0;
  std::vector<double> samples;

  static OwnedMetric from(const MetricRecord& record);
  MetricRecord record() const;
};

struct OwnedFailure {
  std::string benchmark;
  std::string params_json = "{}";
  int32_t run_index = 0;
  std::optional<int32_t> exit_code;
  std::optional<int32_t> term_signal;
  bool timed_out = false;
  std::string stderr_tail;

  static OwnedFailure from(const RunFailureRecord& record);
  RunFailureRecord record() const;
};

struct OwnedResourceSample {
  std::string benchmark;
  std::string params_json = "{}";
  double t_ms = 0;
  std::optional<double> cpu_percent;
  std::optional<int64_t> rss_bytes;
  std::optional<double> gpu_util_percent;
  std::optional<int64_t> gpu_mem_bytes;

  static OwnedResourceSample from(const ResourceSampleRecord& record);
  ResourceSampleRecord record() const;
};

struct OwnedGpuSample {
  std::string benchmark;
  std::string params_json = "{}";
  double t_ms = 0;
  int32_t gpu_index = 0;
  std::optional<int32_t> sm_clock_mhz;
  std::optional<int32_t> mem_clock_mhz;
  std::optional<double> util_percent;
  std::optional<int64_t> mem_used_bytes;
  std::optional<double> power_w;
  std::optional<double> temperature_c;
  std::optional<int64_t> throttle_reasons;
  bool throttled = false;

  static OwnedGpuSample from(const GpuSampleRecord& record);
  GpuSampleRecord record() const;
  bool operator==(const OwnedGpuSample&) const = default;
};

// Fills as a MetricSink (set_tool_version sets context.tool_version) and hands everything on
// to another sink with replay(), in the order metrics, failures, resource samples, GPU samples.
struct ReportRecord final : MetricSink {
  ReportContext context;
  std::string content_hash;
  std::vector<OwnedMetric> metrics;
  std::vector<OwnedFailure> failures;
  std::vector<OwnedResourceSample> resource_samples;
  std::vector<OwnedGpuSample> gpu_samples;

  void add(const MetricRecord& metric) override;
  void set_tool_version(std::string_view tool_version) override;
  void add_failure(const RunFailureRecord& failure) override;
  void add_resource_sample(const ResourceSampleRecord& sample) override;
  void add_gpu_sample(const GpuSampleRecord& sample) override;

  void replay(MetricSink& sink) const;
};

}  // namespace perfwatch
