// BenchmarkDotNet JSON (the full JSON export: [JsonExporter.Full], --exporters json).
// Format: https://benchmarkdotnet.org/articles/configs/exporters.html (JSON) and the files its
// JsonExporter writes: { "HostEnvironmentInfo": { "BenchmarkDotNetVersion", ... },
// "Benchmarks": [ { "FullName", "Namespace", "Type", "Method", "Parameters" ("A=1&B=x"),
// "Statistics": { "N", "Mean", "Min", "Max", "StandardDeviation", "ConfidenceInterval": {
// "Lower", "Upper" } }, "Memory"? { "BytesAllocatedPerOperation" }, "Measurements"? [ {
// "IterationMode", "IterationStage", "Operations", "Nanoseconds" } ] } ] }; times in ns.
// The latency is the mean with the confidence interval as bounds. Its samples are the
// Workload iterations of the Result stage (overhead already subtracted), else of the Actual
// stage, as Nanoseconds / Operations. Statistics is null for a benchmark that failed: it is
// skipped. Namespace may be null (a type in the global namespace).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"

namespace perfwatch {
namespace {

class BenchmarkDotNetAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "benchmarkdotnet"; }
  std::string_view description() const override {
    return "BenchmarkDotNet JSON (full JSON export)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' &&
           appears_early(input.text, "\"HostEnvironmentInfo\"") &&
           appears_early(input.text, "\"Benchmarks\"", 65536);
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    const auto root = json.object_at(json.root(), "");
    simdjson::dom::element host_element;
    if (!root["HostEnvironmentInfo"].get(host_element) && !host_element.is_null()) {
      const auto host = json.object_at(host_element, "HostEnvironmentInfo");
      if (auto version =
              json.optional_string(host, "BenchmarkDotNetVersion", "HostEnvironmentInfo")) {
        sink.set_tool_version("BenchmarkDotNet " + std::string(*version));
      }
    }
    simdjson::dom::element benchmarks_element;
    if (root["Benchmarks"].get(benchmarks_element)) json.fail("Benchmarks", "an array");

    std::size_t index = 0;
    std::string path;
    std::vector<double> samples_ns;
    for (auto entry_element : json.array_at(benchmarks_element, "Benchmarks")) {
      path = "Benchmarks[" + std::to_string(index++) + "]";
      const auto entry = json.object_at(entry_element, path);
      simdjson::dom::element statistics_element;
      if (entry["Statistics"].get(statistics_element)) json.fail(path + ".Statistics", "an object");
      if (statistics_element.is_null()) continue;
      const std::string statistics_path = path + ".Statistics";
      const auto statistics = json.object_at(statistics_element, statistics_path);

      const std::string benchmark = benchmark_name(json, entry, path);
      const std::string params = parameters_json(json, entry, path);

      MetricRecord latency;
      latency.benchmark = benchmark;
      latency.params_json = params;
      latency.measure = &measures::latency;
      latency.value = json.number(statistics, "Mean", statistics_path);
      latency.n =
          static_cast<int64_t>(json.optional_number(statistics, "N", statistics_path).value_or(0));
      simdjson::dom::element interval_element;
      if (!statistics["ConfidenceInterval"].get(interval_element) && !interval_element.is_null()) {
        const std::string interval_path = statistics_path + ".ConfidenceInterval";
        const auto interval = json.object_at(interval_element, interval_path);
        latency.lower = json.number(interval, "Lower", interval_path);
        latency.upper = json.number(interval, "Upper", interval_path);
      }
      measurement_samples(json, entry, path, samples_ns);
      latency.samples = samples_ns;
      sink.add(latency);

      simdjson::dom::element memory_element;
      if (!entry["Memory"].get(memory_element) && !memory_element.is_null()) {
        const auto memory = json.object_at(memory_element, path + ".Memory");
        if (auto bytes =
                json.optional_number(memory, "BytesAllocatedPerOperation", path + ".Memory")) {
          MetricRecord allocated;
          allocated.benchmark = benchmark;
          allocated.params_json = params;
          allocated.measure = &measures::allocated_bytes;
          allocated.value = *bytes;
          sink.add(allocated);
        }
      }
    }
  }

 private:
  // FullName when the export has it, else Namespace.Type.Method without the missing parts.
  static std::string benchmark_name(const JsonInput& json, simdjson::dom::object entry,
                                    const std::string& path) {
    if (auto full_name = json.optional_string(entry, "FullName", path)) {
      return std::string(*full_name);
    }
    std::string name;
    for (auto key : {"Namespace", "Type"}) {
      if (auto part = json.optional_string(entry, key, path)) {
        name.append(*part).append(".");
      }
    }
    return name.append(json.string(entry, "Method", path));
  }

  // "Parameters" ("A=1&B=x", empty without [Params]) as a canonical JSON object of strings.
  static std::string parameters_json(const JsonInput& json, simdjson::dom::object entry,
                                     const std::string& path) {
    const auto text = json.optional_string(entry, "Parameters", path).value_or("");
    auto params = nlohmann::json::object();
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find('&', start);
      if (end == std::string_view::npos) end = text.size();
      const auto pair = text.substr(start, end - start);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos) json.fail(path + ".Parameters", "NAME=VALUE pairs");
      params[std::string(pair.substr(0, equals))] = std::string(pair.substr(equals + 1));
      start = end + 1;
    }
    return params.dump();
  }

  // Per-operation times of the Workload iterations of the Result stage, else of the Actual
  // stage; empty when the export has no Measurements.
  static void measurement_samples(const JsonInput& json, simdjson::dom::object entry,
                                  const std::string& path, std::vector<double>& samples_ns) {
    samples_ns.clear();
    simdjson::dom::element measurements_element;
    if (entry["Measurements"].get(measurements_element) || measurements_element.is_null()) return;
    const std::string measurements_path = path + ".Measurements";
    const auto measurements = json.array_at(measurements_element, measurements_path);
    for (std::string_view stage : {"Result", "Actual"}) {
      std::size_t index = 0;
      for (auto measurement_element : measurements) {
        const std::string measurement_path =
            measurements_path + "[" + std::to_string(index++) + "]";
        const auto measurement = json.object_at(measurement_element, measurement_path);
        if (json.optional_string(measurement, "IterationMode", measurement_path) != "Workload" ||
            json.optional_string(measurement, "IterationStage", measurement_path) != stage) {
          continue;
        }
        const double operations = json.number(measurement, "Operations", measurement_path);
        if (!(operations > 0)) json.fail(measurement_path + ".Operations", "a positive number");
        samples_ns.push_back(json.number(measurement, "Nanoseconds", measurement_path) /
                             operations);
      }
      if (!samples_ns.empty()) return;
    }
  }
};

}  // namespace

std::unique_ptr<Adapter> make_benchmarkdotnet_adapter() {
  return std::make_unique<BenchmarkDotNetAdapter>();
}

}  // namespace perfwatch
