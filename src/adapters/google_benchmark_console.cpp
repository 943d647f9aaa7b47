// Google Benchmark console output, the default table (--benchmark_format=console, with
// --benchmark_color=false or piped):
//   Benchmark              Time             CPU   Iterations UserCounters...
//   BM_Copy/64          1.84 ns         1.81 ns      8174228 bytes_per_second=33.003G/s
//   BM_Copy/64_mean     1.82 ns         1.80 ns            3 bytes_per_second=33.0829G/s
//   BM_Fails     ERROR OCCURRED: 'resource unavailable'
// With --benchmark_counters_tabular=true the header names the counters and rows hold their
// values as columns. Format: the reporter in google/benchmark's src/console_reporter.cc and the
// number formatting of src/string_util.cc (HumanReadableNumber).
//
// Mapping, as in the JSON adapter: Time -> latency, CPU -> cpu_time (both in ns),
// bytes_per_second, items_per_second, and user counters under their own names (of unknown
// direction: the table does not say which way is better). Repeated rows of
// one name become samples; rows named NAME_mean/_median/_stddev/_cv are aggregates: only _mean is
// used, and only when the output has no repetition rows (--benchmark_report_aggregates_only).
// Errored or skipped benchmarks report nothing. Lines before the first table header (context
// that went to the same stream) are ignored.
//
// Counter values carry a prefix: k/M/G/T/P/E/Z/Y (1000-based) or m/u/n/p/f/a/z/y for small
// values. Values built with Counter::kIs1024 print K (1.7) or Ki/Mi/Gi... (1.8 and later), which
// are 1024-based; the table does not say which base M, G... use in 1.7, so bytes_per_second
// (which SetBytesProcessed always makes 1024-based) reads them as 1024-based and every other
// counter as 1000-based. The table rounds to a few significant digits; the JSON format keeps the
// full precision.
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/parametrised_name.hpp"
#include "adapters/repeated_runs.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

constexpr std::string_view kAggregateSuffixes[] = {"_mean", "_median", "_stddev", "_cv"};

bool is_header(const std::vector<std::string_view>& fields) {
  return fields.size() >= 4 && fields[0] == "Benchmark" && fields[1] == "Time" &&
         fields[2] == "CPU" && fields[3] == "Iterations";
}

bool is_rule(std::string_view line) {
  return !line.empty() && line.find_first_not_of('-') == std::string_view::npos;
}

// Multiplier of a HumanReadableNumber prefix (see the file comment), or nothing.
std::optional<double> prefix_multiplier(std::string_view prefix, bool bytes) {
  if (prefix.empty()) return 1.0;
  const bool iec = prefix.size() == 2 && prefix[1] == 'i';
  if (prefix.size() != 1 && !iec) return std::nullopt;
  const char letter = prefix[0];
  if (letter == 'k' && !iec) return 1000.0;
  constexpr std::string_view big = "KMGTPEZY";
  constexpr std::string_view small = "munpfazy";
  double multiplier = 1;
  if (const auto power = big.find(letter); power != std::string_view::npos) {
    const double base = iec || letter == 'K' || bytes ? 1024.0 : 1000.0;
    for (std::size_t i = 0; i <= power; ++i) multiplier *= base;
    return multiplier;
  }
  const auto power = small.find(letter);
  if (iec || power == std::string_view::npos) return std::nullopt;
  for (std::size_t i = 0; i <= power; ++i) multiplier /= 1000.0;
  return multiplier;
}

// A counter value such as "1000", "33.003G/s", "1.5Ki/s", "2.96%" (a cv row), or nothing.
std::optional<double> counter_value(std::string_view text, bool bytes) {
  if (text.ends_with("%")) {
    auto percent = parse_number(text.substr(0, text.size() - 1));
    if (!percent) return std::nullopt;
    return *percent / 100.0;
  }
  if (text.ends_with("/s")) text.remove_suffix(2);
  const auto number_end = text.find_first_not_of("0123456789.-+eE");
  auto number = parse_number(text.substr(0, number_end));
  if (!number) return std::nullopt;
  if (number_end == std::string_view::npos) return number;
  auto multiplier = prefix_multiplier(text.substr(number_end), bytes);
  if (!multiplier) return std::nullopt;
  return *number * *multiplier;
}

// The position of the Time field in a row's fields: the first i with
// NUMBER UNIT NUMBER UNIT INTEGER from there, or 0 when there is none.
std::size_t time_field(const std::vector<std::string_view>& fields) {
  for (std::size_t i = 1; i + 4 < fields.size(); ++i) {
    auto is_unit = [](std::string_view unit) {
      return unit == "%" || nanoseconds_per(unit).has_value();
    };
    if (parse_number(fields[i]) && is_unit(fields[i + 1]) && parse_number(fields[i + 2]) &&
        is_unit(fields[i + 3]) && parse_number(fields[i + 4])) {
      return i;
    }
  }
  return 0;
}

class GoogleBenchmarkConsoleAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "google_benchmark_console"; }
  std::string_view description() const override {
    return "Google Benchmark console table (the default output)";
  }

  bool detect(const InputFile& input) const override {
    std::vector<std::string_view> fields;
    return any_early_line(input.text, [&](std::string_view line) {
      if (!line.starts_with("Benchmark")) return false;
      split_fields(line, fields);
      return is_header(fields);
    });
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("Google Benchmark");  // the table does not say which version
    TextLines lines(input);
    RepeatedRuns runs;
    CustomMeasures counters;
    std::vector<std::string_view> fields;
    std::vector<std::string> tabular_counters;  // counter columns of the current table
    bool tabular = false;
    bool seen_header = false;
    std::vector<std::pair<const Measure*, double>> values;  // of the current row

    while (lines.next()) {
      const auto line = lines.line();
      if (is_rule(line) || trim(line).empty()) continue;
      split_fields(line, fields);
      if (is_header(fields)) {
        seen_header = true;
        tabular = fields.size() > 4 && fields[4] != "UserCounters...";
        tabular_counters.assign(fields.begin() + 4, fields.end());
        continue;
      }
      if (!seen_header) continue;
      if (line.find(" ERROR OCCURRED: ") != std::string_view::npos ||
          line.find(" SKIPPED: ") != std::string_view::npos) {
        continue;
      }
      const auto time_at = time_field(fields);
      if (time_at == 0) {
        lines.fail("a benchmark row: NAME TIME UNIT CPU UNIT ITERATIONS [COUNTERS]");
      }
      std::string_view name = trim(line.substr(0, fields[time_at].data() - line.data()));
      std::string_view aggregate;
      for (auto suffix : kAggregateSuffixes) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) {
          aggregate = suffix;
          name.remove_suffix(suffix.size());
        }
      }
      if (!aggregate.empty() && aggregate != "_mean") continue;

      values.clear();
      const auto ns_real = *nanoseconds_per(fields[time_at + 1]);
      const auto ns_cpu = *nanoseconds_per(fields[time_at + 3]);
      values.emplace_back(&measures::latency, *parse_number(fields[time_at]) * ns_real);
      values.emplace_back(&measures::cpu_time, *parse_number(fields[time_at + 2]) * ns_cpu);
      const auto first_counter = time_at + 5;
      if (tabular && fields.size() - first_counter != tabular_counters.size()) {
        lines.fail(std::to_string(tabular_counters.size()) + " counter columns");
      }
      for (std::size_t i = first_counter; i < fields.size(); ++i) {
        std::string_view key;
        std::string_view text;
        if (tabular) {
          key = tabular_counters[i - first_counter];
          text = fields[i];
        } else {
          const auto equals = fields[i].find('=');
          if (equals == std::string_view::npos) lines.fail("a counter NAME=VALUE");
          key = fields[i].substr(0, equals);
          text = fields[i].substr(equals + 1);
        }
        const auto value = counter_value(text, key == "bytes_per_second");
        if (!value)
          lines.fail("a number with an optional k/M/G... prefix in counter " + std::string(key));
        const Measure* measure = key == "bytes_per_second" ? &measures::bytes_per_second
                                 : key == "items_per_second"
                                     ? &measures::items_per_second
                                     : counters.get(key, "", Direction::unknown);
        values.emplace_back(measure, *value);
      }

      const auto split = split_google_benchmark_name(name);
      auto& run = runs.run(split.benchmark, split.params.dump());
      if (aggregate.empty()) {
        for (auto [measure, value] : values) run.add_sample(measure, value);
      } else {
        // An aggregate row's Iterations column is the number of repetitions.
        const auto n = static_cast<int64_t>(*parse_number(fields[time_at + 4]));
        for (auto [measure, value] : values) run.add_mean(measure, value, n);
      }
    }
    if (!seen_header) lines.fail("a table header: Benchmark Time CPU Iterations");
    runs.emit(sink);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_google_benchmark_console_adapter() {
  return std::make_unique<GoogleBenchmarkConsoleAdapter>();
}

}  // namespace perfwatch
