// Criterion.rs `cargo bench` text output:
//   Benchmarking parse/small: Collecting 100 samples in estimated 5.0000 s (15B iterations)
//   parse/small             time:   [320.62 ps 323.90 ps 327.55 ps]
//                           thrpt:  [1.2938 Melem/s 1.2961 Melem/s 1.2987 Melem/s]
// A long name stands on its own line and `time:` follows on the next. Format: Criterion.rs
// book, "Command-Line Output" (https://bheisler.github.io/criterion.rs/book/user_guide/
// command_line_output.html).
//
// Mapping: time -> latency in ns: value is the point estimate, lower/upper the confidence
// interval's bounds; n is the sample count from the "Collecting N samples" line when present.
// thrpt -> bytes_per_second (B/s, KiB/s, MiB/s, GiB/s are 1024-based; KB/s, MB/s, GB/s are
// 1000-based) or items_per_second (elem/s, Kelem/s, Melem/s, Gelem/s, 1000-based). change:,
// outlier and cargo's own lines are ignored; a failing bench binary ("error: bench failed")
// keeps the results printed before it.
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/parametrised_name.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

// "time:" or "thrpt:" at the start of the trimmed text, or after the name.
std::size_t label_at(std::string_view line, std::string_view label) {
  const auto at = line.find(label);
  if (at == std::string_view::npos) return at;
  if (at > 0 && line[at - 1] != ' ' && line[at - 1] != '\t') return std::string_view::npos;
  return at;
}

// Bytes or elements per second of one thrpt unit, and which measure it belongs to.
std::optional<std::pair<const Measure*, double>> throughput_unit(std::string_view unit) {
  struct Unit {
    std::string_view name;
    const Measure* measure;
    double scale;
  };
  static const Unit units[] = {{"B/s", &measures::bytes_per_second, 1},
                               {"KiB/s", &measures::bytes_per_second, 1024.0},
                               {"MiB/s", &measures::bytes_per_second, 1024.0 * 1024},
                               {"GiB/s", &measures::bytes_per_second, 1024.0 * 1024 * 1024},
                               {"TiB/s", &measures::bytes_per_second, 1024.0 * 1024 * 1024 * 1024},
                               {"KB/s", &measures::bytes_per_second, 1e3},
                               {"MB/s", &measures::bytes_per_second, 1e6},
                               {"GB/s", &measures::bytes_per_second, 1e9},
                               {"TB/s", &measures::bytes_per_second, 1e12},
                               {"elem/s", &measures::items_per_second, 1},
                               {"Kelem/s", &measures::items_per_second, 1e3},
                               {"Melem/s", &measures::items_per_second, 1e6},
                               {"Gelem/s", &measures::items_per_second, 1e9}};
  for (const auto& known : units) {
    if (known.name == unit) return std::pair{known.measure, known.scale};
  }
  return std::nullopt;
}

// Reads "[LOW UNIT EST UNIT HIGH UNIT]" after a label into three values scaled by `scale_of`.
template <typename ScaleOf>
bool read_triple(std::string_view text, ScaleOf scale_of, std::vector<std::string_view>& fields,
                 double (&values)[3]) {
  text = trim(text);
  if (!text.starts_with("[") || !text.ends_with("]")) return false;
  split_fields(text.substr(1, text.size() - 2), fields);
  if (fields.size() != 6) return false;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto number = parse_number(fields[2 * i]);
    const auto scale = scale_of(fields[2 * i + 1]);
    if (!number || !scale) return false;
    values[i] = *number * *scale;
  }
  return true;
}

class CriterionTextAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "criterion_text"; }
  std::string_view description() const override {
    return "Criterion.rs cargo bench text output (time: and thrpt: lines)";
  }

  bool detect(const InputFile& input) const override {
    return any_early_line(
        input.text,
        [](std::string_view line) {
          const auto at = label_at(line, "time:");
          return at != std::string_view::npos && trim(line.substr(at + 5)).starts_with("[") &&
                 line.ends_with("]");
        },
        65536);
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("Criterion.rs");
    TextLines lines(input);
    std::vector<std::string_view> fields;
    std::string previous_line;  // the last non-blank line, a name standing on its own
    std::string collecting_name;
    int64_t collecting_samples = 0;
    std::string benchmark;  // the benchmark whose time: line came last
    int64_t samples = 0;
    bool any = false;

    while (lines.next()) {
      const auto line = lines.line();
      const auto text = trim(line);
      if (text.empty()) continue;
      if (text.starts_with("Benchmarking ")) {
        // "Benchmarking NAME: Collecting N samples in estimated ..."
        const auto collecting = text.find(": Collecting ");
        if (collecting != std::string_view::npos) {
          collecting_name = text.substr(13, collecting - 13);
          split_fields(text.substr(collecting + 13), fields);
          const auto count = fields.empty() ? std::nullopt : parse_number(fields[0]);
          collecting_samples = count ? static_cast<int64_t>(*count) : 0;
        }
        previous_line.clear();
        continue;
      }
      if (const auto at = label_at(line, "time:"); at != std::string_view::npos) {
        const auto name = trim(line.substr(0, at));
        benchmark = name.empty() ? previous_line : std::string(name);
        if (benchmark.empty()) lines.fail("a benchmark name before time:");
        double values[3];
        if (!read_triple(line.substr(at + 5), nanoseconds_per, fields, values)) {
          lines.fail("time: [LOW UNIT ESTIMATE UNIT HIGH UNIT] with units ps, ns, us, ms or s");
        }
        samples = benchmark == collecting_name ? collecting_samples : 0;
        emit(sink, benchmark, &measures::latency, values, samples);
        any = true;
        previous_line.clear();
        continue;
      }
      if (const auto at = label_at(line, "thrpt:"); at != std::string_view::npos) {
        if (benchmark.empty()) lines.fail("a time: line before thrpt:");
        const Measure* measure = nullptr;
        auto scale_of = [&](std::string_view unit) -> std::optional<double> {
          const auto known = throughput_unit(unit);
          if (!known || (measure != nullptr && measure != known->first)) return std::nullopt;
          measure = known->first;
          return known->second;
        };
        double values[3];
        if (!read_triple(line.substr(at + 6), scale_of, fields, values)) {
          lines.fail("thrpt: [LOW UNIT ESTIMATE UNIT HIGH UNIT] with units such as MiB/s, elem/s");
        }
        emit(sink, benchmark, measure, values, samples);
        continue;
      }
      previous_line = text;
    }
    if (!any) lines.fail("a Criterion result: NAME time: [LOW UNIT ESTIMATE UNIT HIGH UNIT]");
  }

 private:
  // values are [low, estimate, high] as printed; a throughput's low comes from the high time.
  static void emit(MetricSink& sink, std::string_view benchmark, const Measure* measure,
                   const double (&values)[3], int64_t samples) {
    const auto split = split_criterion_name(benchmark);
    const auto params = split.params.dump();
    MetricRecord metric;
    metric.benchmark = split.benchmark;
    metric.params_json = params;
    metric.measure = measure;
    metric.value = values[1];
    metric.lower = std::min(values[0], values[2]);
    metric.upper = std::max(values[0], values[2]);
    metric.n = samples;
    sink.add(metric);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_criterion_text_adapter() {
  return std::make_unique<CriterionTextAdapter>();
}

}  // namespace perfwatch
