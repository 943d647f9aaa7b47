// Google Benchmark JSON (--benchmark_format=json or --benchmark_out=FILE).
// Format: https://github.com/google/benchmark/blob/main/docs/user_guide.md (output formats)
// Repetitions of one run (same run_name) become one metric per measure whose samples are the
// repetitions; when the file holds only aggregates (--benchmark_report_aggregates_only) the
// "mean" aggregate is the value. Runs with error_occurred carry no timing and are skipped.
#include <string>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "adapters/repeated_runs.hpp"

namespace perfwatch {
namespace {

// Keys of a benchmark entry that are not user counters.
bool is_reserved_key(std::string_view key) {
  static constexpr std::string_view reserved[] = {"name",
                                                  "family_index",
                                                  "per_family_instance_index",
                                                  "run_name",
                                                  "run_type",
                                                  "repetitions",
                                                  "repetition_index",
                                                  "threads",
                                                  "iterations",
                                                  "real_time",
                                                  "cpu_time",
                                                  "time_unit",
                                                  "aggregate_name",
                                                  "aggregate_unit",
                                                  "error_occurred",
                                                  "error_message",
                                                  "label",
                                                  "bytes_per_second",
                                                  "items_per_second",
                                                  "big_o",
                                                  "rms"};
  for (auto name : reserved) {
    if (key == name) return true;
  }
  return false;
}

class GoogleBenchmarkJsonAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "google_benchmark_json"; }
  std::string_view description() const override {
    return "Google Benchmark JSON (--benchmark_format=json, --benchmark_out)";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' && appears_early(input.text, "\"context\"") &&
           appears_early(input.text, "\"benchmarks\"") &&
           (appears_early(input.text, "\"library_build_type\"") ||
            appears_early(input.text, "\"num_cpus\""));
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    const auto root = json.object_at(json.root(), "");
    simdjson::dom::element context_element;
    if (root["context"].get(context_element)) json.fail("context", "the context object");
    const auto context = json.object_at(context_element, "context");
    std::string tool = "Google Benchmark";
    if (auto version = json.optional_string(context, "library_version", "context")) {
      tool += " " + std::string(*version);
    }
    sink.set_tool_version(tool);

    simdjson::dom::element benchmarks_element;
    if (root["benchmarks"].get(benchmarks_element)) json.fail("benchmarks", "an array");
    const auto benchmarks = json.array_at(benchmarks_element, "benchmarks");

    RepeatedRuns runs;
    CustomMeasures counters;
    std::string path;
    std::size_t index = 0;
    for (auto entry_element : benchmarks) {
      // The path is built in place: no allocation per entry once it has grown.
      path.assign("benchmarks[").append(std::to_string(index++)).append("]");
      const auto entry = json.object_at(entry_element, path);
      if (json_bool(entry, "error_occurred")) continue;
      const auto name = json.string(entry, "name", path);
      const auto run_name = json.optional_string(entry, "run_name", path).value_or(name);
      const auto run_type = json.optional_string(entry, "run_type", path).value_or("iteration");
      const bool aggregate = run_type == "aggregate";
      if (aggregate && json.string(entry, "aggregate_name", path) != "mean") {
        continue;  // median/stddev/cv follow from the samples
      }
      auto& run = runs.run(run_name);
      const auto repetitions =
          static_cast<int64_t>(json.optional_number(entry, "repetitions", path).value_or(1));
      auto record = [&](const Measure* measure, double value) {
        if (aggregate) {
          run.add_mean(measure, value, repetitions);
        } else {
          run.add_sample(measure, value);
        }
      };

      const auto unit = json.optional_string(entry, "time_unit", path).value_or("ns");
      const auto ns_per_unit = nanoseconds_per(unit);
      if (!ns_per_unit) json.fail(path + ".time_unit", "one of ns, us, ms, s");
      record(&measures::latency, json.number(entry, "real_time", path) * *ns_per_unit);
      record(&measures::cpu_time, json.number(entry, "cpu_time", path) * *ns_per_unit);
      if (auto rate = json.optional_number(entry, "bytes_per_second", path)) {
        record(&measures::bytes_per_second, *rate);
      }
      if (auto rate = json.optional_number(entry, "items_per_second", path)) {
        record(&measures::items_per_second, *rate);
      }
      for (auto [key, value] : entry) {
        double counter = 0;
        if (is_reserved_key(key) || value.get(counter)) continue;
        // Counters say nothing about units or direction; lower-is-better is the safer reading.
        record(counters.get(key, "", Direction::lower_is_better), counter);
      }
    }
    runs.emit(sink);
  }

 private:
  static bool json_bool(simdjson::dom::object object, std::string_view key) {
    bool value = false;
    return !object[key].get(value) && value;
  }
};

}  // namespace

std::unique_ptr<Adapter> make_google_benchmark_json_adapter() {
  return std::make_unique<GoogleBenchmarkJsonAdapter>();
}

}  // namespace perfwatch
