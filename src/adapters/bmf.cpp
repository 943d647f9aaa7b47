// Bencher Metric Format (BMF) JSON, the generic format for any measure:
//   { "BENCHMARK": { "MEASURE": { "value": N, "lower_value": N, "upper_value": N } } }
// Format: https://bencher.dev/docs/reference/bencher-metric-format/
// perfwatch extension: a measure object may also say "units" and "direction"
// ("lower"|"higher") for measures perfwatch does not know (without it, their direction is
// unknown); known slugs (latency, throughput...) take their units and direction from
// core/measure.hpp.
#include <deque>
#include <string>
#include <unordered_map>

#include "adapters/all_adapters.hpp"
#include "adapters/json_input.hpp"

namespace perfwatch {
namespace {

const Measure* well_known_measure(std::string_view slug) {
  for (const Measure* measure :
       {&measures::latency, &measures::cpu_time, &measures::throughput, &measures::bytes_per_second,
        &measures::items_per_second, &measures::peak_rss, &measures::allocated_bytes,
        &measures::allocations, &measures::instructions}) {
    if (measure->slug == slug) return measure;
  }
  return nullptr;
}

class BmfAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "bmf"; }
  std::string_view description() const override {
    return "Bencher Metric Format JSON: any measure, with optional units and direction";
  }

  bool detect(const InputFile& input) const override {
    return first_significant_char(input.text) == '{' && appears_early(input.text, "\"value\"");
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    JsonInput json(input);
    // Measures met in this input that perfwatch does not know; deque keeps their addresses.
    std::deque<Measure> custom_measures;
    std::unordered_map<std::string, const Measure*> measure_by_slug;

    std::string path;
    for (auto [benchmark, measures_element] : json.object_at(json.root(), "")) {
      path.assign(benchmark);
      const auto benchmark_measures = json.object_at(measures_element, path);
      for (auto [slug, values_element] : benchmark_measures) {
        path.assign(benchmark).append(".").append(slug);
        const auto values = json.object_at(values_element, path);
        const double value = json.number(values, "value", path);
        const auto lower = json.optional_number(values, "lower_value", path);
        const auto upper = json.optional_number(values, "upper_value", path);

        const Measure* measure = well_known_measure(slug);
        if (measure == nullptr) {
          auto found = measure_by_slug.find(std::string(slug));
          if (found == measure_by_slug.end()) {
            // Without the extension, BMF does not say which way is better.
            Measure custom{std::string(slug), "", Direction::unknown};
            if (auto units = json.optional_string(values, "units", path)) custom.units = *units;
            if (auto direction = json.optional_string(values, "direction", path)) {
              auto parsed = parse_direction(*direction);
              if (!parsed) json.fail(path + ".direction", "\"lower\" or \"higher\"");
              custom.direction = *parsed;
            }
            custom_measures.push_back(std::move(custom));
            found = measure_by_slug.emplace(std::string(slug), &custom_measures.back()).first;
          }
          measure = found->second;
        }

        MetricRecord metric;
        metric.benchmark = benchmark;
        metric.measure = measure;
        metric.value = value;
        metric.lower = lower;
        metric.upper = upper;
        sink.add(metric);
      }
    }
  }
};

}  // namespace

std::unique_ptr<Adapter> make_bmf_adapter() { return std::make_unique<BmfAdapter>(); }

}  // namespace perfwatch
