#include "server/submission.hpp"

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "submit/context_json.hpp"

namespace perfwatch::server {

void Submission::add(const MetricRecord& metric) {
  metrics.push_back({std::string(metric.benchmark), std::string(metric.params_json),
                     *metric.measure, metric.value, metric.lower, metric.upper, metric.n,
                     std::vector<double>(metric.samples.begin(), metric.samples.end())});
}

void Submission::set_tool_version(std::string_view tool_version) {
  context.tool_version = tool_version;
}

void Submission::add_failure(const RunFailureRecord& failure) {
  failures.push_back({std::string(failure.benchmark), std::string(failure.params_json),
                      failure.run_index, failure.exit_code, failure.term_signal, failure.timed_out,
                      std::string(failure.stderr_tail)});
}

void Submission::add_resource_sample(const ResourceSampleRecord& sample) {
  resource_samples.push_back({std::string(sample.benchmark), std::string(sample.params_json),
                              sample.t_ms, sample.cpu_percent, sample.rss_bytes,
                              sample.gpu_util_percent, sample.gpu_mem_bytes});
}

void Submission::replay(MetricSink& sink) const {
  if (!context.tool_version.empty()) sink.set_tool_version(context.tool_version);
  for (const auto& metric : metrics) {
    sink.add({metric.benchmark, metric.params_json, &metric.measure, metric.value, metric.lower,
              metric.upper, metric.n, metric.samples});
  }
  for (const auto& failure : failures) {
    sink.add_failure({failure.benchmark, failure.params_json, failure.run_index, failure.exit_code,
                      failure.term_signal, failure.timed_out, failure.stderr_tail});
  }
  for (const auto& sample : resource_samples) {
    sink.add_resource_sample({sample.benchmark, sample.params_json, sample.t_ms, sample.cpu_percent,
                              sample.rss_bytes, sample.gpu_util_percent, sample.gpu_mem_bytes});
  }
}

Submission parse_submission(const nlohmann::json& body) {
  if (!body.contains("context")) throw InputError("context: missing");
  Submission submission;
  submission.context = submit::context_from_json(body["context"]);
  if (!body.contains("content") || !body["content"].is_string()) {
    throw InputError("content: missing or not a string");
  }
  const auto& context = submission.context;
  const InputFile input{context.source.empty() ? "submission" : context.source,
                        body["content"].get<std::string>()};
  const std::string requested = body.value("adapter", "auto");
  const Adapter* adapter =
      requested == "auto" ? find_detected_adapter(input) : find_adapter(requested);
  if (adapter == nullptr) {
    throw InputError(requested == "auto" ? "content: not a format perfwatch reads"
                                         : "adapter: unknown adapter '" + requested + "'");
  }
  submission.context.adapter = adapter->name();
  submission.content_hash = sha256_hex(input.text);
  adapter->parse(input, submission);
  if (submission.metrics.empty() && submission.failures.empty()) {
    throw InputError(input.name + ": holds no benchmark results; nothing was stored");
  }
  return submission;
}

}  // namespace perfwatch::server
