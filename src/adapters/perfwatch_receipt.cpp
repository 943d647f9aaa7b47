// perfwatch's own receipt (perfwatch run --out perf.json), read back without loss: every metric
// with its bounds and raw samples, the failed runs and the resource samples. Written by
// runner/receipt.cpp: { "perfwatch_receipt": 1, "tool_version", "context", "settings", "notes",
// "benchmarks": [ { "id", "benchmark", "params", "metrics": [ { "benchmark", "params",
// "measure", "units", "direction", "value", "lower", "upper", "n", "samples" } ], "failures": [
// { "run_index", "exit_code", "term_signal", "timed_out", "message", "stderr_tail" } ],
// "resources": [ { "t_ms", "cpu_percent", "rss_bytes", "gpu_util_percent", "gpu_mem_bytes",
// "gpus" (on GPU testbeds): [ { "index", "sm_clock_mhz", "mem_clock_mhz", "util_percent",
// "mem_used_bytes", "power_w", "temperature_c", "throttle_reasons", "throttled" } ] } ] } ] }.
// Parsed with nlohmann::json, which writes it: parameters dump to the same text as the runner
// stored, and doubles round-trip exactly, so that an ingested receipt stores what `perfwatch
// run` would have stored.
#include <nlohmann/json.hpp>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "core/error.hpp"

namespace perfwatch {
namespace {

using Json = nlohmann::json;

class ReceiptReader {
 public:
  explicit ReceiptReader(const InputFile& input) : input_(input) {}

  [[noreturn]] void fail(const std::string& path, std::string_view expected) const {
    throw InputError(input_.name + ": at " + path + ": expected " + std::string(expected));
  }
  const Json& field(const Json& object, const char* key, const std::string& path) const {
    if (!object.is_object() || !object.contains(key)) fail(path + "." + key, "a value");
    return object[key];
  }
  double number(const Json& object, const char* key, const std::string& path) const {
    const auto& value = field(object, key, path);
    if (!value.is_number()) fail(path + "." + key, "a number");
    return value.get<double>();
  }
  template <typename T>
  std::optional<T> optional(const Json& object, const char* key, const std::string& path) const {
    if (!object.contains(key) || object[key].is_null()) return std::nullopt;
    if (!object[key].is_number()) fail(path + "." + key, "a number or null");
    return object[key].get<T>();
  }
  bool boolean(const Json& object, const char* key, const std::string& path) const {
    const auto& value = field(object, key, path);
    if (!value.is_boolean()) fail(path + "." + key, "true or false");
    return value.get<bool>();
  }
  std::string text(const Json& object, const char* key, const std::string& path) const {
    const auto& value = field(object, key, path);
    if (!value.is_string()) fail(path + "." + key, "a string");
    return value.get<std::string>();
  }
  const Json& array(const Json& object, const char* key, const std::string& path) const {
    static const Json empty = Json::array();
    if (!object.contains(key)) return empty;
    if (!object[key].is_array()) fail(path + "." + key, "an array");
    return object[key];
  }

 private:
  const InputFile& input_;
};

class PerfwatchReceiptAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "perfwatch_receipt"; }
  std::string_view description() const override {
    return "perfwatch's own receipt (perfwatch run --out perf.json)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' &&
           appears_early(input.text, "\"perfwatch_receipt\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    Json root;
    try {
      root = Json::parse(input.text);
    } catch (const Json::exception&) {
      // Syntax errors and numbers out of range (out_of_range.406) alike.
      throw InputError(json_error_message(input));
    }
    const ReceiptReader read(input);
    if (!root.is_object() || !root.contains("perfwatch_receipt")) {
      read.fail("perfwatch_receipt", "the receipt's format version");
    }
    if (root["perfwatch_receipt"] != 1) read.fail("perfwatch_receipt", "format version 1");
    if (root.contains("tool_version") && root["tool_version"].is_string()) {
      sink.set_tool_version(root["tool_version"].get<std::string>());
    }
    std::size_t index = 0;
    for (const auto& benchmark : read.array(root, "benchmarks", "")) {
      const std::string path = "benchmarks[" + std::to_string(index++) + "]";
      const std::string name = read.text(benchmark, "benchmark", path);
      const auto& params = read.field(benchmark, "params", path);
      if (!params.is_object()) read.fail(path + ".params", "an object");
      const std::string params_json = params.dump();
      read_metrics(read, benchmark, path, sink);
      read_failures(read, benchmark, path, name, params_json, sink);
      read_resources(read, benchmark, path, name, params_json, sink);
    }
  }

 private:
  static void read_metrics(const ReceiptReader& read, const Json& benchmark,
                           const std::string& path, MetricSink& sink) {
    std::size_t index = 0;
    std::vector<double> samples;
    for (const auto& metric : read.array(benchmark, "metrics", path)) {
      const std::string at = path + ".metrics[" + std::to_string(index++) + "]";
      const std::string name = read.text(metric, "benchmark", at);
      const auto& params = read.field(metric, "params", at);
      if (!params.is_object()) read.fail(at + ".params", "an object");
      const std::string params_json = params.dump();
      const auto direction = parse_direction(read.text(metric, "direction", at));
      if (!direction) read.fail(at + ".direction", "lower_is_better or higher_is_better");
      const Measure measure{read.text(metric, "measure", at), read.text(metric, "units", at),
                            *direction};
      samples.clear();
      for (const auto& sample : read.array(metric, "samples", at)) {
        if (!sample.is_number()) read.fail(at + ".samples", "numbers");
        samples.push_back(sample.get<double>());
      }
      MetricRecord record;
      record.benchmark = name;
      record.params_json = params_json;
      record.measure = &measure;
      record.value = read.number(metric, "value", at);
      record.lower = read.optional<double>(metric, "lower", at);
      record.upper = read.optional<double>(metric, "upper", at);
      record.n = read.optional<int64_t>(metric, "n", at).value_or(0);
      record.samples = samples;
      sink.add(record);
    }
  }

  static void read_failures(const ReceiptReader& read, const Json& benchmark,
                            const std::string& path, const std::string& name,
                            const std::string& params_json, MetricSink& sink) {
    std::size_t index = 0;
    for (const auto& failure : read.array(benchmark, "failures", path)) {
      const std::string at = path + ".failures[" + std::to_string(index++) + "]";
      const auto tail = read.text(failure, "stderr_tail", at);
      const auto message = read.text(failure, "message", at);
      RunFailureRecord record;
      record.benchmark = name;
      record.params_json = params_json;
      record.run_index = read.optional<int32_t>(failure, "run_index", at).value_or(-1);
      record.exit_code = read.optional<int32_t>(failure, "exit_code", at);
      record.term_signal = read.optional<int32_t>(failure, "term_signal", at);
      record.timed_out = read.boolean(failure, "timed_out", at);
      // The runner stores the message when the command wrote nothing to stderr.
      record.stderr_tail = tail.empty() ? message : tail;
      sink.add_failure(record);
    }
  }

  static void read_resources(const ReceiptReader& read, const Json& benchmark,
                             const std::string& path, const std::string& name,
                             const std::string& params_json, MetricSink& sink) {
    std::size_t index = 0;
    for (const auto& sample : read.array(benchmark, "resources", path)) {
      const std::string at = path + ".resources[" + std::to_string(index++) + "]";
      const double t_ms = read.number(sample, "t_ms", at);
      sink.add_resource_sample({name, params_json, t_ms,
                                read.optional<double>(sample, "cpu_percent", at),
                                read.optional<int64_t>(sample, "rss_bytes", at),
                                read.optional<double>(sample, "gpu_util_percent", at),
                                read.optional<int64_t>(sample, "gpu_mem_bytes", at)});
      read_gpus(read, sample, at, name, params_json, t_ms, sink);
    }
  }

  // Each GPU's state at a resource sample's moment (runner/receipt.cpp's gpu_json).
  static void read_gpus(const ReceiptReader& read, const Json& sample, const std::string& path,
                        const std::string& name, const std::string& params_json, double t_ms,
                        MetricSink& sink) {
    std::size_t index = 0;
    for (const auto& gpu : read.array(sample, "gpus", path)) {
      const std::string at = path + ".gpus[" + std::to_string(index++) + "]";
      const auto gpu_index = read.optional<int32_t>(gpu, "index", at);
      if (!gpu_index || *gpu_index < 0) read.fail(at + ".index", "the GPU's index, 0 or more");
      GpuSampleRecord record;
      record.benchmark = name;
      record.params_json = params_json;
      record.t_ms = t_ms;
      record.gpu_index = *gpu_index;
      record.sm_clock_mhz = read.optional<int32_t>(gpu, "sm_clock_mhz", at);
      record.mem_clock_mhz = read.optional<int32_t>(gpu, "mem_clock_mhz", at);
      record.util_percent = read.optional<double>(gpu, "util_percent", at);
      record.mem_used_bytes = read.optional<int64_t>(gpu, "mem_used_bytes", at);
      record.power_w = read.optional<double>(gpu, "power_w", at);
      record.temperature_c = read.optional<double>(gpu, "temperature_c", at);
      record.throttle_reasons = read.optional<int64_t>(gpu, "throttle_reasons", at);
      record.throttled = read.boolean(gpu, "throttled", at);
      sink.add_gpu_sample(record);
    }
  }
};

}  // namespace

std::unique_ptr<Adapter> make_perfwatch_receipt_adapter() {
  return std::make_unique<PerfwatchReceiptAdapter>();
}

}  // namespace perfwatch
