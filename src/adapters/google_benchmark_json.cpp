// Google Benchmark JSON (--benchmark_format=json or --benchmark_out=FILE).
// Format: https://github.com/google/benchmark/blob/main/docs/user_guide.md (output formats)
// Repetitions of one run (same run_name) become one metric per measure whose samples are the
// repetitions; when the file holds only aggregates (--benchmark_report_aggregates_only) the
// "mean" aggregate is the value. Run names are split into benchmark and params
// (BM_Copy/64 -> BM_Copy {"arg0":64}; parametrised_name.hpp). Runs with error_occurred carry no
// timing and are skipped. User counters become measures of their own, of unknown direction.
//
// Read with simdjson's On-Demand API, each entry's keys in one pass: no DOM of the file is
// built, which on large outputs cost as much as all the rest (docs/performance.md).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"
#include "adapters/parametrised_name.hpp"
#include "adapters/repeated_runs.hpp"
#include "core/error.hpp"

namespace perfwatch {
namespace {

using simdjson::ondemand::object;

// The keys of a benchmark entry that matter; every other non-numeric key is ignored and every
// other numeric key is a user counter.
enum class Key {
  name,
  run_name,
  run_type,
  aggregate_name,
  repetitions,
  real_time,
  cpu_time,
  time_unit,
  bytes_per_second,
  items_per_second,
  error_occurred,
  not_a_counter,  // numbers Google Benchmark writes itself (indexes, iterations, threads...)
  counter,
};

Key classify(std::string_view key) {
  static constexpr std::pair<std::string_view, Key> known[] = {
      {"name", Key::name},
      {"run_name", Key::run_name},
      {"run_type", Key::run_type},
      {"aggregate_name", Key::aggregate_name},
      {"repetitions", Key::repetitions},
      {"real_time", Key::real_time},
      {"cpu_time", Key::cpu_time},
      {"time_unit", Key::time_unit},
      {"bytes_per_second", Key::bytes_per_second},
      {"items_per_second", Key::items_per_second},
      {"error_occurred", Key::error_occurred},
      {"family_index", Key::not_a_counter},
      {"per_family_instance_index", Key::not_a_counter},
      {"repetition_index", Key::not_a_counter},
      {"threads", Key::not_a_counter},
      {"iterations", Key::not_a_counter},
      {"aggregate_unit", Key::not_a_counter},
      {"error_message", Key::not_a_counter},
      {"label", Key::not_a_counter},
      {"big_o", Key::not_a_counter},
      {"rms", Key::not_a_counter}};
  for (const auto& [name, id] : known) {
    // Comparing the first byte before the whole key keeps this a handful of instructions.
    if (name[0] == key[0] && name == key) return id;
  }
  return Key::counter;
}

// One entry of "benchmarks", as read; views point into the parser's buffers.
struct Entry {
  std::string_view name, run_name, run_type, aggregate_name, time_unit;
  std::optional<double> real_time, cpu_time, bytes_per_second, items_per_second, repetitions;
  bool error = false;
  std::vector<std::pair<std::string_view, double>> counters;
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
    simdjson::ondemand::parser parser;
    // Where the reading is and what it expects there, for the message if simdjson throws.
    std::string path;
    std::string_view expected = "an object";
    bool seen_context = false, seen_benchmarks = false;
    RepeatedRuns runs;
    CustomMeasures counters;
    Entry entry;
    try {
      simdjson::ondemand::document document = parser.iterate(padded_view(input));
      for (auto field : document.get_object()) {
        const std::string_view key = field.unescaped_key();
        if (key == "context") {
          path = "context";
          expected = "the context object";
          read_context(field.value().get_object(), sink);
          seen_context = true;
        } else if (key == "benchmarks") {
          path = "benchmarks";
          expected = "an array";
          std::size_t index = 0;
          simdjson::ondemand::array benchmarks = field.value().get_array();
          for (auto element : benchmarks) {
            // The path is built in place: no allocation per entry once it has grown.
            path.assign("benchmarks[").append(std::to_string(index++)).append("]");
            expected = "an object";
            read_entry(element.get_object(), entry, path, expected);
            check_and_record(input, entry, path, runs, counters);
          }
          seen_benchmarks = true;
        }
      }
    } catch (const simdjson::simdjson_error&) {
      throw InputError(on_demand_error_message(input, path, expected));
    }
    if (!seen_context) fail(input, "context", "the context object");
    if (!seen_benchmarks) fail(input, "benchmarks", "an array");
    runs.emit(sink);
  }

 private:
  [[noreturn]] static void fail(const InputFile& input, std::string_view path,
                                std::string_view expected) {
    throw InputError(input.name + ": at " + std::string(path) + ": expected " +
                     std::string(expected));
  }

  static void read_context(object context, MetricSink& sink) {
    std::string tool = "Google Benchmark";
    for (auto field : context) {
      if (std::string_view(field.unescaped_key()) != "library_version") continue;
      std::string_view version;
      if (!field.value().get_string().get(version)) tool.append(" ").append(version);
    }
    sink.set_tool_version(tool);
  }

  // Reads every key of one entry once. On a wrong type simdjson throws; `path` and `expected`
  // then say where and what.
  static void read_entry(object fields, Entry& entry, std::string& path,
                         std::string_view& expected) {
    entry =
        Entry{{}, {}, "iteration", {}, "ns", {}, {}, {}, {}, {}, false, std::move(entry.counters)};
    entry.counters.clear();
    const auto entry_path_size = path.size();
    for (auto field : fields) {
      const std::string_view key = field.unescaped_key();
      auto value = field.value();
      const Key id = classify(key);
      if (id == Key::counter || id == Key::not_a_counter) {
        double number = 0;
        // A non-numeric value under an unknown key is not a counter; it is skipped unread.
        if (id == Key::counter && !value.get_double().get(number)) {
          entry.counters.emplace_back(key, number);
        }
        continue;
      }
      path.resize(entry_path_size);
      path.append(".").append(key);
      switch (id) {
        case Key::name:
        case Key::run_name:
        case Key::run_type:
        case Key::aggregate_name:
        case Key::time_unit: {
          expected = "a string";
          const std::string_view text = value.get_string();
          (id == Key::name        ? entry.name
           : id == Key::run_name  ? entry.run_name
           : id == Key::run_type  ? entry.run_type
           : id == Key::time_unit ? entry.time_unit
                                  : entry.aggregate_name) = text;
          break;
        }
        case Key::error_occurred:
          expected = "true or false";
          entry.error = value.get_bool();
          break;
        default: {
          expected = "a number";
          const double number = value.get_double();
          (id == Key::repetitions        ? entry.repetitions
           : id == Key::real_time        ? entry.real_time
           : id == Key::cpu_time         ? entry.cpu_time
           : id == Key::bytes_per_second ? entry.bytes_per_second
                                         : entry.items_per_second) = number;
        }
      }
    }
    path.resize(entry_path_size);
  }

  static void check_and_record(const InputFile& input, const Entry& entry, const std::string& path,
                               RepeatedRuns& runs, CustomMeasures& counters) {
    if (entry.error) return;
    if (entry.name.empty()) fail(input, path + ".name", "a string");
    const bool aggregate = entry.run_type == "aggregate";
    if (aggregate && entry.aggregate_name.empty())
      fail(input, path + ".aggregate_name", "a string");
    if (aggregate && entry.aggregate_name != "mean")
      return;  // median/stddev/cv follow from samples
    const auto ns_per_unit = nanoseconds_per(entry.time_unit);
    if (!ns_per_unit) fail(input, path + ".time_unit", "one of ns, us, ms, s");
    if (!entry.real_time) fail(input, path + ".real_time", "a number");
    if (!entry.cpu_time) fail(input, path + ".cpu_time", "a number");

    const auto split =
        split_google_benchmark_name(entry.run_name.empty() ? entry.name : entry.run_name);
    auto& run = runs.run(split.benchmark, split.params.dump());
    const auto repetitions = static_cast<int64_t>(entry.repetitions.value_or(1));
    auto record = [&](const Measure* measure, double value) {
      if (aggregate) {
        run.add_mean(measure, value, repetitions);
      } else {
        run.add_sample(measure, value);
      }
    };
    record(&measures::latency, *entry.real_time * *ns_per_unit);
    record(&measures::cpu_time, *entry.cpu_time * *ns_per_unit);
    if (entry.bytes_per_second) record(&measures::bytes_per_second, *entry.bytes_per_second);
    if (entry.items_per_second) record(&measures::items_per_second, *entry.items_per_second);
    for (const auto& [key, value] : entry.counters) {
      // User counters say nothing about units or direction (a rate of comparisons is better
      // higher, a rate of cache misses lower): the user declares it.
      record(counters.get(key, "", Direction::unknown), value);
    }
  }
};

}  // namespace

std::unique_ptr<Adapter> make_google_benchmark_json_adapter() {
  return std::make_unique<GoogleBenchmarkJsonAdapter>();
}

}  // namespace perfwatch
