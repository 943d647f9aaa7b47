// Google Benchmark JSON (--benchmark_format=json or --benchmark_out=FILE).
// Format: https://github.com/google/benchmark/blob/main/docs/user_guide.md (output formats)
// Repetitions of one run (same run_name) become one metric per measure whose samples are the
// repetitions; when the file holds only aggregates (--benchmark_report_aggregates_only) the
// "mean" aggregate is the value. Runs with error_occurred carry no timing and are skipped.
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "adapters/sample_summary.hpp"

namespace perfwatch {
namespace {

// Keys of a benchmark entry that are not user counters.
bool is_reserved_key(std::string_view key) {
  static constexpr std::string_view reserved[] = {
      "name",          "family_index",     "per_family_instance_index",
      "run_name",      "run_type",         "repetitions",
      "repetition_index", "threads",       "iterations",
      "real_time",     "cpu_time",         "time_unit",
      "aggregate_name", "aggregate_unit",  "error_occurred",
      "error_message", "label",            "bytes_per_second",
      "items_per_second", "big_o",         "rms"};
  for (auto name : reserved) {
    if (key == name) return true;
  }
  return false;
}

struct MeasureSamples {
  std::vector<double> repetitions;   // one value per iteration-type run
  std::optional<double> mean_aggregate;
  int64_t repetition_count = 0;
};

// Samples of one run_name, per measure, in first-seen order.
struct RunSamples {
  std::vector<std::pair<const Measure*, MeasureSamples>> by_measure;

  MeasureSamples& of(const Measure* measure) {
    for (auto& [known, samples] : by_measure) {
      if (known == measure) return samples;
    }
    return by_measure.emplace_back(measure, MeasureSamples{}).second;
  }
};

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

    std::vector<std::string> run_order;
    std::map<std::string, RunSamples, std::less<>> runs;
    std::deque<Measure> counter_measures;
    std::map<std::string, const Measure*, std::less<>> counter_by_name;

    std::size_t index = 0;
    std::string path;
    for (auto entry_element : benchmarks) {
      path = "benchmarks[" + std::to_string(index++) + "]";
      const auto entry = json.object_at(entry_element, path);
      if (json_bool(entry, "error_occurred")) continue;
      const auto name = json.string(entry, "name", path);
      const auto run_name = json.optional_string(entry, "run_name", path).value_or(name);
      const auto run_type = json.optional_string(entry, "run_type", path).value_or("iteration");
      if (run_type == "aggregate") {
        const auto aggregate = json.string(entry, "aggregate_name", path);
        if (aggregate != "mean") continue;  // median/stddev/cv follow from the samples
      }
      auto run = runs.find(run_name);
      if (run == runs.end()) {
        run = runs.emplace(std::string(run_name), RunSamples{}).first;
        run_order.emplace_back(run_name);
      }
      const auto repetitions =
          static_cast<int64_t>(json.optional_number(entry, "repetitions", path).value_or(1));
      auto record = [&](const Measure* measure, double value) {
        auto& samples = run->second.of(measure);
        samples.repetition_count = repetitions;
        if (run_type == "aggregate") {
          samples.mean_aggregate = value;
        } else {
          samples.repetitions.push_back(value);
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
        auto known = counter_by_name.find(key);
        if (known == counter_by_name.end()) {
          // Counters say nothing about direction; lower-is-better is the safer reading.
          counter_measures.push_back(Measure{std::string(key), "", Direction::lower_is_better});
          known = counter_by_name.emplace(std::string(key), &counter_measures.back()).first;
        }
        record(known->second, counter);
      }
    }

    for (const auto& run_name : run_order) {
      for (const auto& [measure, samples] : runs.find(run_name)->second.by_measure) {
        MetricRecord metric;
        metric.benchmark = run_name;
        metric.measure = measure;
        if (!samples.repetitions.empty()) {
          summarise_samples(samples.repetitions, metric);
        } else {
          metric.value = *samples.mean_aggregate;
          metric.n = samples.repetition_count;
        }
        sink.add(metric);
      }
    }
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
