// pyperf JSON (Python's benchmark toolkit: `python -m pyperf timeit -o FILE`, a pyperf.Runner
// script with -o, pyperformance's results):
//   {"version": "1.0", "metadata": {"name": "telco", "unit": "second", ...},
//    "benchmarks": [{"metadata": {...}, "runs": [{"metadata": {...},
//                    "warmups": [[loops, value], ...], "values": [v1, v2, v3]}, ...]}]}
// Format: pyperf's documentation, "pyperf JSON format" (https://pyperf.readthedocs.io/, file
// format version 1.0). A benchmark's metadata completes the file's common metadata: its name and
// unit ("second", "byte" or "integer"; "second" when absent) may be in either. Each run's
// values are already per loop iteration (pyperf divides by loops and inner loops); warmups are
// not measurements, and a calibration run holds warmups only.
//
// Mapping: every value of every run of a benchmark is a sample: seconds -> latency (ns), bytes
// (--track-memory, --tracemalloc: the peak) -> a "memory" measure in bytes, integers -> a
// "count" measure of unknown direction. No params: a pyperf benchmark is its name.
#include <optional>
#include <string>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "adapters/repeated_runs.hpp"

namespace perfwatch {
namespace {

constexpr double kNsPerSecond = 1e9;

class PyperfAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "pyperf"; }
  std::string_view description() const override {
    return "pyperf JSON (python -m pyperf timeit -o FILE, pyperf.Runner -o, pyperformance)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' &&
           appears_early(input.text, "\"benchmarks\"") && appears_early(input.text, "\"runs\"") &&
           appears_early(input.text, "\"metadata\"") &&
           !appears_early(input.text, "\"machine_info\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    const auto root = json.object_at(json.root(), "");
    const auto common = metadata_of(json, root, "");
    if (const auto version = optional_metadata_string(json, common, "perf_version", "metadata")) {
      sink.set_tool_version("pyperf " + std::string(*version));
    } else {
      sink.set_tool_version("pyperf");
    }
    simdjson::dom::element benchmarks_element;
    if (root["benchmarks"].get(benchmarks_element)) json.fail("benchmarks", "an array");

    static const Measure memory{"memory", std::string(units::bytes), Direction::lower_is_better};
    static const Measure count{"count", std::string(units::count), Direction::unknown};
    RepeatedRuns runs;
    std::size_t index = 0;
    for (auto entry_element : json.array_at(benchmarks_element, "benchmarks")) {
      const std::string path = "benchmarks[" + std::to_string(index++) + "]";
      const auto entry = json.object_at(entry_element, path);
      const auto own = metadata_of(json, entry, path);
      const std::string metadata_path = path + ".metadata";
      auto name = optional_metadata_string(json, own, "name", metadata_path);
      if (!name) name = optional_metadata_string(json, common, "name", "metadata");
      if (!name) json.fail(metadata_path + ".name", "the benchmark's name (here or in metadata)");
      auto unit = optional_metadata_string(json, own, "unit", metadata_path);
      if (!unit) unit = optional_metadata_string(json, common, "unit", "metadata");

      const Measure* measure = &measures::latency;
      double scale = kNsPerSecond;
      if (unit && *unit == "byte") {
        measure = &memory;
        scale = 1;
      } else if (unit && *unit == "integer") {
        measure = &count;
        scale = 1;
      } else if (unit && *unit != "second") {
        json.fail(metadata_path + ".unit", "second, byte or integer");
      }

      auto& run = runs.run(*name);
      simdjson::dom::element runs_element;
      if (entry["runs"].get(runs_element)) json.fail(path + ".runs", "an array");
      std::size_t run_index = 0;
      for (auto run_element : json.array_at(runs_element, path + ".runs")) {
        const std::string run_path = path + ".runs[" + std::to_string(run_index++) + "]";
        const auto run_object = json.object_at(run_element, run_path);
        simdjson::dom::element values_element;
        if (run_object["values"].get(values_element)) continue;  // a calibration run
        std::size_t value_index = 0;
        for (auto value_element : json.array_at(values_element, run_path + ".values")) {
          double value = 0;
          if (value_element.get(value)) {
            json.fail(run_path + ".values[" + std::to_string(value_index) + "]", "a number");
          }
          run.add_sample(measure, value * scale);
          ++value_index;
        }
      }
    }
    if (index == 0) json.fail("benchmarks", "at least one benchmark");
    runs.emit(sink);
  }

 private:
  // The "metadata" object of `object`, when it has one.
  static std::optional<simdjson::dom::object> metadata_of(const JsonInput& json,
                                                          simdjson::dom::object object,
                                                          const std::string& path) {
    simdjson::dom::element element;
    if (object["metadata"].get(element)) return std::nullopt;
    return json.object_at(element, path.empty() ? "metadata" : path + ".metadata");
  }

  static std::optional<std::string_view> optional_metadata_string(
      const JsonInput& json, const std::optional<simdjson::dom::object>& metadata,
      std::string_view key, std::string_view path) {
    if (!metadata) return std::nullopt;
    return json.optional_string(*metadata, key, path);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_pyperf_adapter() { return std::make_unique<PyperfAdapter>(); }

}  // namespace perfwatch
