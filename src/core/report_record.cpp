#include "core/report_record.hpp"

namespace perfwatch {

OwnedMetric OwnedMetric::from(const MetricRecord& record) {
  return {std::string(record.benchmark),
          std::string(record.params_json),
          *record.measure,
          record.value,
          record.lower,
          record.upper,
          record.n,
          std::vector<double>(record.samples.begin(), record.samples.end())};
}

MetricRecord OwnedMetric::record() const {
  return {benchmark, params_json, &measure, value, lower, upper, n, samples};
}

OwnedFailure OwnedFailure::from(const RunFailureRecord& record) {
  return {std::string(record.benchmark),
          std::string(record.params_json),
          record.run_index,
          record.exit_code,
          record.term_signal,
          record.timed_out,
          std::string(record.stderr_tail)};
}

RunFailureRecord OwnedFailure::record() const {
  return {benchmark, params_json, run_index, exit_code, term_signal, timed_out, stderr_tail};
}

OwnedResourceSample OwnedResourceSample::from(const ResourceSampleRecord& record) {
  return {std::string(record.benchmark),
          std::string(record.params_json),
          record.t_ms,
          record.cpu_percent,
          record.rss_bytes,
          record.gpu_util_percent,
          record.gpu_mem_bytes};
}

ResourceSampleRecord OwnedResourceSample::record() const {
  return {benchmark, params_json, t_ms, cpu_percent, rss_bytes, gpu_util_percent, gpu_mem_bytes};
}

OwnedGpuSample OwnedGpuSample::from(const GpuSampleRecord& record) {
  return {std::string(record.benchmark),
          std::string(record.params_json),
          record.t_ms,
          record.gpu_index,
          record.sm_clock_mhz,
          record.mem_clock_mhz,
          record.util_percent,
          record.mem_used_bytes,
          record.power_w,
          record.temperature_c,
          record.throttle_reasons,
          record.throttled};
}

GpuSampleRecord OwnedGpuSample::record() const {
  return {benchmark,    params_json,    t_ms,    gpu_index,     sm_clock_mhz,     mem_clock_mhz,
          util_percent, mem_used_bytes, power_w, temperature_c, throttle_reasons, throttled};
}

void ReportRecord::add(const MetricRecord& metric) { metrics.push_back(OwnedMetric::from(metric)); }

void ReportRecord::set_tool_version(std::string_view tool_version) {
  context.tool_version = tool_version;
}

void ReportRecord::add_failure(const RunFailureRecord& failure) {
  failures.push_back(OwnedFailure::from(failure));
}

void ReportRecord::add_resource_sample(const ResourceSampleRecord& sample) {
  resource_samples.push_back(OwnedResourceSample::from(sample));
}

void ReportRecord::add_gpu_sample(const GpuSampleRecord& sample) {
  gpu_samples.push_back(OwnedGpuSample::from(sample));
}

void ReportRecord::replay(MetricSink& sink) const {
  if (!context.tool_version.empty()) sink.set_tool_version(context.tool_version);
  for (const auto& metric : metrics) sink.add(metric.record());
  for (const auto& failure : failures) sink.add_failure(failure.record());
  for (const auto& sample : resource_samples) sink.add_resource_sample(sample.record());
  for (const auto& sample : gpu_samples) sink.add_gpu_sample(sample.record());
}

}  // namespace perfwatch
