// Catch2's console output (a Catch2 test binary run without -r), benchmarks only:
//   -------------------------------------------------------------------------------
//   Fibonacci
//     deeper
//   -------------------------------------------------------------------------------
//   bench.cpp:17
//   ...............................................................................
//
//   benchmark name                       samples       iterations    estimated
//                                        mean          low mean      high mean
//                                        std dev       low std dev   high std dev
//   -------------------------------------------------------------------------------
//   fib 15                                          10            45     692.55 us
//                                           617.389 ns    614.169 ns    629.627 ns
//                                           9.24825 ns   0.251651 ns    15.2252 ns
// Format: Catch2's ConsoleReporter (src/catch2/reporters/catch_reporter_console.cpp in 3.x,
// catch_reporter_console.cpp in 2.13; docs/benchmarks.md): a title block with the test case and
// its sections, indented by level, then a table of benchmarks, three rows each: the name with
// samples, iterations and the estimated run time; the mean with its bootstrap bounds; the
// standard deviation with its bounds. A name wider than its column is wrapped onto rows of its
// own above the first; they are joined with a space.
//
// Mapping, as catch2_xml does with the same run's XML: a latency metric named "T/S/B" (test case,
// sections, benchmark), the mean with its low and high mean as bounds, n = samples. Catch2
// prints no raw samples, and rounds to 6 significant digits.
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

bool is_rule(std::string_view line, char c) {
  return line.size() >= 20 && line.find_first_not_of(c) == std::string_view::npos;
}

bool is_table_header(std::string_view line) {
  return line.starts_with("benchmark name") && line.find("samples") != std::string_view::npos &&
         line.find("iterations") != std::string_view::npos;
}

// A whole number, as Catch2 prints samples and iterations.
bool is_count(std::string_view field) {
  return !field.empty() && field.find_first_not_of("0123456789") == std::string_view::npos;
}

class Catch2ConsoleAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "catch2_console"; }
  std::string_view description() const override {
    return "Catch2 console output (BENCHMARK tables of a test binary run without -r)";
  }

  bool detect(const InputFile& input) const override {
    return any_early_line(input.text, is_table_header, 65536);
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("Catch2");
    TextLines lines(input);
    enum class State { outside, title, before_table, table_header, table } state = State::outside;
    std::vector<std::string_view> scopes, fields;
    std::string pending_name;  // rows of a wrapped name, before the row with the figures
    bool analysis = true;      // the table has mean and standard deviation rows
    bool any_result = false;
    while (lines.next()) {
      const auto line = lines.line();
      if (is_rule(line, '=')) {
        state = State::outside;
        continue;
      }
      if (is_table_header(line)) {
        state = State::table_header;
        // --benchmark-no-analysis prints only the mean, in the estimate's place.
        analysis = !trim(line).ends_with("mean");
        continue;
      }
      switch (state) {
        case State::outside:
          // "NAME is a Catch v2.13.10 host application." (Catch2 v3.4.0 in 3.x)
          if (const auto at = line.find(" is a Catch"); at != std::string_view::npos) {
            const auto version = line.find(" v", at + 11);
            const auto end = line.find(' ', version + 2);
            if (version != std::string_view::npos) {
              sink.set_tool_version("Catch2 " +
                                    std::string(line.substr(version + 2, end - version - 2)));
            }
          }
          [[fallthrough]];
        case State::before_table:
          if (is_rule(line, '-')) {
            state = State::title;
            scopes.clear();
          }
          break;
        case State::title:
          if (is_rule(line, '-')) {
            state = State::before_table;
          } else if (!trim(line).empty()) {
            scopes.push_back(trim(line));
          }
          break;
        case State::table_header:
          if (is_rule(line, '-')) {
            state = State::table;
            pending_name.clear();
          }
          break;
        case State::table:
          if (is_rule(line, '-')) {
            state = State::title;
            scopes.clear();
          } else if (trim(line).empty()) {
            pending_name.clear();
          } else if (trim(line).starts_with("Benchmark failed")) {
            pending_name.clear();
          } else if (split_fields(line, fields), is_figures_row(fields)) {
            any_result |= read_benchmark(lines, line, fields, analysis, scopes, pending_name, sink);
            pending_name.clear();
          } else {
            if (!pending_name.empty()) pending_name += ' ';
            pending_name += trim(line);
          }
          break;
      }
    }
    if (!any_result) lines.fail("a benchmark table: 'benchmark name  samples  iterations ...'");
  }

 private:
  // "NAME SAMPLES ITERATIONS ESTIMATE UNIT": the row that opens a benchmark's three.
  static bool is_figures_row(const std::vector<std::string_view>& fields) {
    const auto n = fields.size();
    return n >= 4 && is_count(fields[n - 4]) && is_count(fields[n - 3]) &&
           parse_number(fields[n - 2]) && nanoseconds_per(fields[n - 1]);
  }

  // The figures row and the rows after it: the mean row (then the standard deviation row,
  // skipped), or "Benchmark failed (...)" (no metric, as catch2_xml skips <failed/>). With
  // --benchmark-no-analysis the figures row ends with the mean itself and nothing follows.
  static bool read_benchmark(TextLines& lines, std::string_view first_row,
                             std::vector<std::string_view>& fields, bool analysis,
                             const std::vector<std::string_view>& scopes,
                             const std::string& pending_name, MetricSink& sink) {
    const auto n = fields.size();
    const auto samples = parse_number(fields[n - 4]);
    // The name is what stands before the samples column (fields are views into the row), after
    // any wrapped rows above.
    std::string name = pending_name;
    const auto last_part = trim(first_row.substr(0, fields[n - 4].data() - first_row.data()));
    if (!name.empty() && !last_part.empty()) name += ' ';
    name += last_part;
    if (name.empty()) lines.fail("a benchmark name before its samples");
    std::string benchmark;
    for (const auto scope : scopes) benchmark.append(scope).append("/");
    benchmark += name;

    MetricRecord latency;
    latency.benchmark = benchmark;
    latency.measure = &measures::latency;
    latency.n = static_cast<int64_t>(*samples);
    if (!analysis) {
      latency.value = *parse_number(fields[n - 2]) * *nanoseconds_per(fields[n - 1]);
      sink.add(latency);
      return true;
    }
    constexpr std::string_view kMeanRow = "the mean row: MEAN UNIT LOW UNIT HIGH UNIT";
    if (!lines.next()) lines.fail(kMeanRow);
    if (trim(lines.line()).starts_with("Benchmark failed")) return false;
    split_fields(lines.line(), fields);
    if (fields.size() != 6) lines.fail(kMeanRow);
    double values[3] = {};
    for (std::size_t i = 0; i < 3; ++i) {
      const auto number = parse_number(fields[2 * i]);
      const auto ns = nanoseconds_per(fields[2 * i + 1]);
      if (!number || !ns) lines.fail(kMeanRow);
      values[i] = *number * *ns;
    }
    latency.value = values[0];
    latency.lower = values[1];
    latency.upper = values[2];
    sink.add(latency);
    lines.next();  // the standard deviation row
    return true;
  }
};

}  // namespace

std::unique_ptr<Adapter> make_catch2_console_adapter() {
  return std::make_unique<Catch2ConsoleAdapter>();
}

}  // namespace perfwatch
