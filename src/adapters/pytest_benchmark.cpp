// pytest-benchmark JSON (pytest --benchmark-json=FILE).
// Format: https://pytest-benchmark.readthedocs.io/en/latest/usage.html (--benchmark-json) and
// the files pytest-benchmark 3.2.2 writes: { "machine_info", "commit_info", "benchmarks": [ {
// "name", "fullname", "params", "param", "stats": { "min", "max", "mean", "stddev", "median",
// "iqr", "rounds", "iterations", "ops", "data"? } } ], "datetime", "version" }.
// Times are seconds per iteration; "data" (the per-round times, with --benchmark-save-data) is
// already divided by the iterations of a round. Each benchmark gives a latency metric (mean,
// min..max, rounds, data as samples) and a throughput metric ("ops" = 1 / mean).
// machine_info and commit_info are not read: perfwatch takes the testbed and the commit from
// its own flags and from git.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"

namespace perfwatch {
namespace {

constexpr double kNsPerSecond = 1e9;

class PytestBenchmarkAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "pytest_benchmark"; }
  std::string_view description() const override {
    return "pytest-benchmark JSON (pytest --benchmark-json=FILE)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' &&
           appears_early(input.text, "\"machine_info\"") &&
           appears_early(input.text, "\"python_implementation\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    const auto root = json.object_at(json.root(), "");
    if (auto version = json.optional_string(root, "version", "")) {
      sink.set_tool_version("pytest-benchmark " + std::string(*version));
    }
    simdjson::dom::element benchmarks_element;
    if (root["benchmarks"].get(benchmarks_element)) json.fail("benchmarks", "an array");

    std::size_t index = 0;
    std::string path;
    std::vector<double> samples_ns;
    for (auto entry_element : json.array_at(benchmarks_element, "benchmarks")) {
      path = "benchmarks[" + std::to_string(index++) + "]";
      const auto entry = json.object_at(entry_element, path);
      const auto fullname = json.optional_string(entry, "fullname", path);
      const std::string params = params_json(json, entry, path);
      // A parametrised test's id ("test_x[8-cuda]") is its params: the base name is the
      // benchmark, so that its parameter values line up as one benchmark's matrix.
      std::string_view benchmark = fullname ? *fullname : json.string(entry, "name", path);
      if (params != "{}" && benchmark.ends_with(']')) {
        if (const auto open = benchmark.find('['); open != std::string_view::npos && open > 0) {
          benchmark = benchmark.substr(0, open);
        }
      }

      simdjson::dom::element stats_element;
      if (entry["stats"].get(stats_element)) json.fail(path + ".stats", "an object");
      const std::string stats_path = path + ".stats";
      const auto stats = json.object_at(stats_element, stats_path);
      const auto rounds = json.number(stats, "rounds", stats_path);
      if (rounds < 1 || rounds != static_cast<double>(static_cast<int64_t>(rounds))) {
        json.fail(stats_path + ".rounds", "a positive whole number");
      }

      samples_ns.clear();
      simdjson::dom::element data_element;
      if (!stats["data"].get(data_element) && !data_element.is_null()) {
        const std::string data_path = stats_path + ".data";
        std::size_t sample_index = 0;
        for (auto sample : json.array_at(data_element, data_path)) {
          double seconds = 0;
          if (sample.get(seconds)) {
            json.fail(data_path + "[" + std::to_string(sample_index) + "]", "a number");
          }
          samples_ns.push_back(seconds * kNsPerSecond);
          ++sample_index;
        }
      }

      MetricRecord latency;
      latency.benchmark = benchmark;
      latency.params_json = params;
      latency.measure = &measures::latency;
      latency.value = json.number(stats, "mean", stats_path) * kNsPerSecond;
      latency.lower = json.number(stats, "min", stats_path) * kNsPerSecond;
      latency.upper = json.number(stats, "max", stats_path) * kNsPerSecond;
      latency.n = static_cast<int64_t>(rounds);
      latency.samples = samples_ns;
      sink.add(latency);

      if (auto ops = json.optional_number(stats, "ops", stats_path)) {
        MetricRecord throughput;
        throughput.benchmark = benchmark;
        throughput.params_json = params;
        throughput.measure = &measures::throughput;
        throughput.value = *ops;
        throughput.n = static_cast<int64_t>(rounds);
        sink.add(throughput);
      }
    }
  }

 private:
  // "params" (an object, null when the test is not parametrised) as canonical JSON with sorted
  // keys; a bare "param" id without params becomes {"param": ID}.
  static std::string params_json(const JsonInput& json, simdjson::dom::object entry,
                                 const std::string& path) {
    simdjson::dom::element params;
    if (!entry["params"].get(params) && !params.is_null()) {
      json.object_at(params, path + ".params");
      return nlohmann::json::parse(simdjson::minify(params)).dump();
    }
    if (auto param = json.optional_string(entry, "param", path)) {
      return nlohmann::json{{"param", std::string(*param)}}.dump();
    }
    return "{}";
  }
};

}  // namespace

std::unique_ptr<Adapter> make_pytest_benchmark_adapter() {
  return std::make_unique<PytestBenchmarkAdapter>();
}

}  // namespace perfwatch
