// JMH JSON (java -jar benchmarks.jar -rf json -rff FILE).
// Format: the files JMH's JSONResultFormat writes (see the OpenJDK JMH samples and
// https://github.com/openjdk/jmh): an array of runs { "jmhVersion", "benchmark", "mode"
// (thrpt|avgt|sample|ss), "params"? {NAME: VALUE}, "primaryMetric": { "score", "scoreError",
// "scoreConfidence": [LOW, HIGH], "scoreUnit", "rawData": [[per fork, per iteration]] },
// "secondaryMetrics": { NAME: { same shape } } }.
// Units follow the score, not the mode: "ops/<time>" is a throughput, normalised to ops/s
// (higher is better); "<time>/op" is a time per operation, normalised to ns (lower is better).
// JMH's time units are ns, us, ms, s, min, hr and day. The score is the value, scoreConfidence
// the bounds, rawData (every fork's iterations, flattened) the samples. Secondary metrics (e.g.
// the GC profiler's "·gc.alloc.rate") become measures of their own, slug without the leading
// "·"; gc.alloc.rate.norm (B/op) is the well-known allocated_bytes. A unit that is neither a
// rate nor a time per op is kept as written, of unknown direction. Sample mode's rawDataHistogram
// is not read: its score and bounds still are.
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"

namespace perfwatch {
namespace {

// Nanoseconds in one JMH time unit.
std::optional<double> jmh_nanoseconds_per(std::string_view unit) {
  if (unit == "min") return 60e9;
  if (unit == "hr") return 3600e9;
  if (unit == "day") return 86400e9;
  return nanoseconds_per(unit);
}

// How a score in some unit maps onto perfwatch's units: multiply by `factor`.
struct Normalised {
  enum class Kind { rate, time_per_op, other } kind = Kind::other;
  double factor = 1;
};

Normalised normalise(std::string_view unit) {
  constexpr std::string_view ops_prefix = "ops/";
  constexpr std::string_view per_op_suffix = "/op";
  if (unit.starts_with(ops_prefix)) {
    if (auto ns = jmh_nanoseconds_per(unit.substr(ops_prefix.size()))) {
      return {Normalised::Kind::rate, 1e9 / *ns};
    }
  }
  if (unit.ends_with(per_op_suffix)) {
    if (auto ns = jmh_nanoseconds_per(unit.substr(0, unit.size() - per_op_suffix.size()))) {
      return {Normalised::Kind::time_per_op, *ns};
    }
  }
  return {};
}

// A confidence bound: a number, or JMH's string "NaN" (written when there is a single
// iteration), which is no bound.
std::optional<double> bound(const JsonInput& json, simdjson::dom::element element,
                            const std::string& path) {
  double value = 0;
  if (!element.get(value)) return value;
  std::string_view text;
  if (!element.get(text) && text == "NaN") return std::nullopt;
  json.fail(path, "a number or \"NaN\"");
}

class JmhAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "jmh"; }
  std::string_view description() const override {
    return "JMH JSON (-rf json): throughput, average, sample and single-shot modes";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '[' &&
           appears_early(input.text, "\"jmhVersion\"") &&
           appears_early(input.text, "\"benchmark\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    // Measures of secondary metrics, by (slug, units, direction); deque keeps their addresses.
    std::deque<Measure> custom_measures;
    std::map<std::tuple<std::string, std::string, Direction>, const Measure*> custom_by_key;
    auto custom_measure = [&](std::string slug, std::string units, Direction direction) {
      auto key = std::make_tuple(slug, units, direction);
      auto found = custom_by_key.find(key);
      if (found == custom_by_key.end()) {
        custom_measures.push_back(Measure{std::move(slug), std::move(units), direction});
        found = custom_by_key.emplace(std::move(key), &custom_measures.back()).first;
      }
      return found->second;
    };

    std::size_t index = 0;
    std::string path;
    bool version_set = false;
    std::vector<double> samples;
    for (auto run_element : json.array_at(json.root(), "")) {
      path.assign("[").append(std::to_string(index++)).append("]");
      const auto run = json.object_at(run_element, path);
      if (!version_set) {
        if (auto version = json.optional_string(run, "jmhVersion", path)) {
          sink.set_tool_version("JMH " + std::string(*version));
          version_set = true;
        }
      }
      const auto benchmark = json.string(run, "benchmark", path);
      const auto mode = json.string(run, "mode", path);
      if (mode != "thrpt" && mode != "avgt" && mode != "sample" && mode != "ss") {
        json.fail(path + ".mode", "one of thrpt, avgt, sample, ss");
      }
      std::string params = "{}";
      simdjson::dom::element params_element;
      if (!run["params"].get(params_element) && !params_element.is_null()) {
        json.object_at(params_element, path + ".params");
        params = nlohmann::json::parse(simdjson::minify(params_element)).dump();
      }

      auto emit = [&](simdjson::dom::element metric_element, const std::string& metric_path,
                      std::string_view secondary_name) {
        const auto metric = json.object_at(metric_element, metric_path);
        const auto unit = json.string(metric, "scoreUnit", metric_path);
        const auto normalised = normalise(unit);
        const Measure* measure = nullptr;
        if (secondary_name.empty()) {
          if (normalised.kind == Normalised::Kind::other) {
            json.fail(metric_path + ".scoreUnit", "ops/<time unit> or <time unit>/op");
          }
          measure = normalised.kind == Normalised::Kind::rate ? &measures::throughput
                                                              : &measures::latency;
        } else if (secondary_name == "gc.alloc.rate.norm" && unit == "B/op") {
          measure = &measures::allocated_bytes;
        } else if (normalised.kind == Normalised::Kind::rate) {
          measure = custom_measure(std::string(secondary_name), std::string(units::ops_per_s),
                                   Direction::higher_is_better);
        } else if (normalised.kind == Normalised::Kind::time_per_op) {
          measure = custom_measure(std::string(secondary_name), std::string(units::ns),
                                   Direction::lower_is_better);
        } else {
          // A profiler's own unit (gc.alloc.rate's MB/sec, gc.count's counts) says nothing
          // about which way is better.
          measure =
              custom_measure(std::string(secondary_name), std::string(unit), Direction::unknown);
        }
        const double factor = normalised.factor;

        MetricRecord record;
        record.benchmark = benchmark;
        record.params_json = params;
        record.measure = measure;
        record.value = json.number(metric, "score", metric_path) * factor;
        simdjson::dom::element confidence_element;
        if (!metric["scoreConfidence"].get(confidence_element) && !confidence_element.is_null()) {
          const std::string confidence_path = metric_path + ".scoreConfidence";
          const auto confidence = json.array_at(confidence_element, confidence_path);
          if (confidence.size() != 2) json.fail(confidence_path, "two numbers");
          const auto low = bound(json, confidence.at(0).value_unsafe(), confidence_path + "[0]");
          const auto high = bound(json, confidence.at(1).value_unsafe(), confidence_path + "[1]");
          if (low && high) {
            record.lower = *low * factor;
            record.upper = *high * factor;
          }
        }
        samples.clear();
        simdjson::dom::element raw_element;
        if (!metric["rawData"].get(raw_element) && !raw_element.is_null()) {
          const std::string raw_path = metric_path + ".rawData";
          std::size_t fork_index = 0;
          for (auto fork_element : json.array_at(raw_element, raw_path)) {
            const std::string fork_path = raw_path + "[" + std::to_string(fork_index++) + "]";
            std::size_t iteration_index = 0;
            for (auto iteration : json.array_at(fork_element, fork_path)) {
              double score = 0;
              if (iteration.get(score)) {
                json.fail(fork_path + "[" + std::to_string(iteration_index) + "]", "a number");
              }
              samples.push_back(score * factor);
              ++iteration_index;
            }
          }
        }
        record.n = static_cast<int64_t>(samples.size());
        record.samples = samples;
        sink.add(record);
      };

      simdjson::dom::element primary;
      if (run["primaryMetric"].get(primary)) json.fail(path + ".primaryMetric", "an object");
      emit(primary, path + ".primaryMetric", "");

      simdjson::dom::element secondary_element;
      if (!run["secondaryMetrics"].get(secondary_element) && !secondary_element.is_null()) {
        const std::string secondary_path = path + ".secondaryMetrics";
        for (auto [key, metric_element] : json.object_at(secondary_element, secondary_path)) {
          // JMH prefixes profiler metrics with U+00B7 MIDDLE DOT ("\xc2\xb7").
          std::string_view secondary_name = key;
          if (secondary_name.starts_with("\u00b7")) secondary_name.remove_prefix(2);
          emit(metric_element, secondary_path + "." + std::string(key), secondary_name);
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Adapter> make_jmh_adapter() { return std::make_unique<JmhAdapter>(); }

}  // namespace perfwatch
