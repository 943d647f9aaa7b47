#include "runner/receipt.hpp"

namespace perfwatch::runner {
namespace {

nlohmann::ordered_json optional_number(const auto& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
}

nlohmann::ordered_json metric_json(const OwnedMetric& metric) {
  return {{"benchmark", metric.benchmark},
          {"params", nlohmann::ordered_json::parse(metric.params_json)},
          {"measure", metric.measure.slug},
          {"units", metric.measure.units},
          {"direction", to_string(metric.measure.direction)},
          {"value", metric.value},
          {"lower", optional_number(metric.lower)},
          {"upper", optional_number(metric.upper)},
          {"n", metric.n},
          {"samples", metric.samples}};
}

nlohmann::ordered_json failure_json(const Failure& failure) {
  return {{"phase", failure.phase},
          {"run_index", failure.run_index},
          {"exit_code", optional_number(failure.exit_code)},
          {"term_signal", optional_number(failure.term_signal)},
          {"timed_out", failure.timed_out},
          {"message", failure.message},
          {"stderr_tail", failure.stderr_tail}};
}

nlohmann::ordered_json gpu_json(const GpuSample& gpu) {
  const auto& state = gpu.state;
  return {{"index", gpu.index},
          {"sm_clock_mhz", optional_number(state.sm_clock_mhz)},
          {"mem_clock_mhz", optional_number(state.mem_clock_mhz)},
          {"util_percent", optional_number(state.util_percent)},
          {"mem_used_bytes", optional_number(state.mem_used_bytes)},
          {"power_w", optional_number(state.power_w)},
          {"temperature_c", optional_number(state.temperature_c)},
          {"throttle_reasons", optional_number(state.throttle_reasons)},
          {"throttled", gpu.throttled()}};
}

nlohmann::ordered_json resource_json(const ResourceSample& sample) {
  nlohmann::ordered_json json = {{"t_ms", sample.t_ms},
                                 {"cpu_percent", optional_number(sample.cpu_percent)},
                                 {"rss_bytes", optional_number(sample.rss_bytes)},
                                 {"gpu_util_percent", optional_number(sample.gpu_util_percent)},
                                 {"gpu_mem_bytes", optional_number(sample.gpu_mem_bytes)}};
  // Only on GPU machines: a receipt without GPUs stays as it was.
  if (!sample.gpus.empty()) {
    auto& gpus = json["gpus"] = nlohmann::ordered_json::array();
    for (const auto& gpu : sample.gpus) gpus.push_back(gpu_json(gpu));
  }
  return json;
}

template <typename To, typename From>
std::optional<To> optional_cast(const std::optional<From>& value) {
  return value ? std::optional<To>(static_cast<To>(*value)) : std::nullopt;
}

GpuSampleRecord gpu_record(const InstanceResult& result, const std::string& params, double t_ms,
                           const GpuSample& gpu) {
  const auto& state = gpu.state;
  GpuSampleRecord record;
  record.benchmark = result.benchmark;
  record.params_json = params;
  record.t_ms = t_ms;
  record.gpu_index = static_cast<int32_t>(gpu.index);
  record.sm_clock_mhz = optional_cast<int32_t>(state.sm_clock_mhz);
  record.mem_clock_mhz = optional_cast<int32_t>(state.mem_clock_mhz);
  record.util_percent = optional_cast<double>(state.util_percent);
  record.mem_used_bytes = state.mem_used_bytes;
  record.power_w = state.power_w;
  record.temperature_c = optional_cast<double>(state.temperature_c);
  record.throttle_reasons = optional_cast<int64_t>(state.throttle_reasons);
  record.throttled = gpu.throttled();
  return record;
}

}  // namespace

nlohmann::ordered_json make_receipt(const ReportContext& context,
                                    const std::vector<InstanceResult>& results,
                                    const std::vector<std::string>& notes) {
  nlohmann::ordered_json receipt;
  receipt[kReceiptMarker] = kReceiptVersion;
  receipt["tool_version"] = context.tool_version;
  receipt["context"] = {
      {"project", context.project},
      {"branch", context.branch},
      {"testbed", context.testbed},
      {"testbed_fingerprint", context.testbed_fingerprint},
      {"commit", context.git.commit},
      {"commit_time_unix_s", optional_number(context.git.commit_time_unix_s)},
      {"dirty", context.git.dirty},
      {"ci_provider", context.ci.provider},
      {"ci_run_url", context.ci.run_url},
      {"source", context.source},
      {"profile", context.profile},
      {"started_unix_us", context.started_unix_us},
      {"ended_unix_us", context.ended_unix_us},
  };
  receipt["settings"] = context.settings;
  receipt["notes"] = notes;
  auto benchmarks = nlohmann::ordered_json::array();
  for (const auto& result : results) {
    nlohmann::ordered_json entry = {{"id", result.id},
                                    {"benchmark", result.benchmark},
                                    {"params", result.params},
                                    {"mode", result.mode},
                                    {"status", result.failed() ? "failed" : "ok"},
                                    {"runs", result.runs},
                                    {"statistics", result.statistics},
                                    {"warnings", result.warnings}};
    auto& metrics = entry["metrics"] = nlohmann::ordered_json::array();
    for (const auto& metric : result.metrics) metrics.push_back(metric_json(metric));
    auto& failures = entry["failures"] = nlohmann::ordered_json::array();
    for (const auto& failure : result.failures) failures.push_back(failure_json(failure));
    auto& resources = entry["resources"] = nlohmann::ordered_json::array();
    for (const auto& sample : result.resources) resources.push_back(resource_json(sample));
    benchmarks.push_back(std::move(entry));
  }
  receipt["benchmarks"] = std::move(benchmarks);
  return receipt;
}

void send_results(const std::vector<InstanceResult>& results, MetricSink& sink) {
  for (const auto& result : results) {
    for (const auto& metric : result.metrics) sink.add(metric.record());
    const std::string params = result.params.dump();
    for (const auto& failure : result.failures) {
      RunFailureRecord record;
      record.benchmark = result.benchmark;
      record.params_json = params;
      record.run_index = failure.run_index;
      record.exit_code = failure.exit_code;
      record.term_signal = failure.term_signal;
      record.timed_out = failure.timed_out;
      record.stderr_tail = failure.stderr_tail.empty() ? failure.message : failure.stderr_tail;
      sink.add_failure(record);
    }
    for (const auto& sample : result.resources) {
      sink.add_resource_sample({result.benchmark, params, sample.t_ms, sample.cpu_percent,
                                sample.rss_bytes, sample.gpu_util_percent, sample.gpu_mem_bytes});
      for (const auto& gpu : sample.gpus)
        sink.add_gpu_sample(gpu_record(result, params, sample.t_ms, gpu));
    }
  }
}

}  // namespace perfwatch::runner
