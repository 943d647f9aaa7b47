// hyperfine JSON (hyperfine --export-json FILE).
// Format: https://github.com/sharkdp/hyperfine (README, "Export") and the files hyperfine 1.15
// writes: { "results": [ { "command", "mean", "stddev", "median", "user", "system", "min",
// "max", "times": [...], "exit_codes": [...], "parameters"? { NAME: VALUE } } ] }, all times in
// seconds. Each command gives a latency metric (mean, min..max, one sample per run) and a
// cpu_time metric (mean user + system time per run). The input does not name hyperfine's version.
// exit_codes are not read: hyperfine stops at the first failing run unless told to ignore
// failures (-i), and then the user has chosen to time the failing runs too.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"

namespace perfwatch {
namespace {

constexpr double kNsPerSecond = 1e9;

class HyperfineAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "hyperfine"; }
  std::string_view description() const override {
    return "hyperfine JSON (hyperfine --export-json FILE)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' && appears_early(input.text, "\"results\"") &&
           appears_early(input.text, "\"command\"") && appears_early(input.text, "\"user\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    const auto root = json.object_at(json.root(), "");
    simdjson::dom::element results_element;
    if (root["results"].get(results_element)) json.fail("results", "an array");

    std::size_t index = 0;
    std::string path;
    std::vector<double> times_ns;
    for (auto result_element : json.array_at(results_element, "results")) {
      path = "results[" + std::to_string(index++) + "]";
      const auto result = json.object_at(result_element, path);
      const auto command = json.string(result, "command", path);
      const std::string params = parameters_json(json, result, path);

      times_ns.clear();
      simdjson::dom::element times_element;
      if (!result["times"].get(times_element) && !times_element.is_null()) {
        const std::string times_path = path + ".times";
        for (auto time : json.array_at(times_element, times_path)) {
          double seconds = 0;
          if (time.get(seconds)) {
            json.fail(times_path + "[" + std::to_string(times_ns.size()) + "]", "a number");
          }
          times_ns.push_back(seconds * kNsPerSecond);
        }
      }
      const auto runs = static_cast<int64_t>(times_ns.size());

      MetricRecord latency;
      latency.benchmark = command;
      latency.params_json = params;
      latency.measure = &measures::latency;
      latency.value = json.number(result, "mean", path) * kNsPerSecond;
      latency.lower = json.number(result, "min", path) * kNsPerSecond;
      latency.upper = json.number(result, "max", path) * kNsPerSecond;
      latency.n = runs;
      latency.samples = times_ns;
      sink.add(latency);

      MetricRecord cpu;
      cpu.benchmark = command;
      cpu.params_json = params;
      cpu.measure = &measures::cpu_time;
      cpu.value =
          (json.number(result, "user", path) + json.number(result, "system", path)) * kNsPerSecond;
      cpu.n = runs;
      sink.add(cpu);
    }
  }

 private:
  // "parameters" ({NAME: VALUE} of --parameter-scan/--parameter-list) as canonical JSON.
  static std::string parameters_json(const JsonInput& json, simdjson::dom::object result,
                                     const std::string& path) {
    simdjson::dom::element parameters;
    if (result["parameters"].get(parameters) || parameters.is_null()) return "{}";
    json.object_at(parameters, path + ".parameters");
    return nlohmann::json::parse(simdjson::minify(parameters)).dump();
  }
};

}  // namespace

std::unique_ptr<Adapter> make_hyperfine_adapter() { return std::make_unique<HyperfineAdapter>(); }

}  // namespace perfwatch
