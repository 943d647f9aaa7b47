// `go test -bench` text output:
//   pkg: example.com/codec
//   BenchmarkCopy-2   1000   2051 ns/op   1996.88 MB/s   4096 B/op   1 allocs/op
// Format: the Go benchmark data format, https://go.googlesource.com/proposal/+/master/design/
// 14313-benchmark-format.md, and the `testing` package docs (B.SetBytes, B.ReportMetric,
// -benchmem). A result line is the name, the iteration count, then VALUE UNIT pairs.
//
// Mapping: ns/op -> latency (ns), MB/s -> bytes_per_second (MB is 10^6 bytes), B/op ->
// allocated_bytes, allocs/op -> allocations; any other unit (b.ReportMetric) is a measure named
// and measured by that unit, of unknown direction (declared in perfwatch.toml's [[measure]]).
// Repeated lines of one benchmark (-count N) become samples.
//
// Names: the trailing -N that go test appends when GOMAXPROCS is above 1 is taken off the name
// and kept in params as {"procs":N} (as benchstat reads it, a trailing -digits is always the
// GOMAXPROCS suffix), so BenchmarkCopy-2 and BenchmarkCopy-8 are one benchmark run with
// different parameters. The `pkg:` line in force is recorded in params as "pkg", so that
// `go test ./...` over packages with equally named benchmarks keeps them apart. Sub-benchmark
// parts KEY=VALUE (BenchmarkSort/size=16) are params too (parametrised_name.hpp).
// When a benchmark logs, go test prints its name alone on a line and the results on a later
// line that starts with the iteration count; both shapes are read.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/parametrised_name.hpp"
#include "adapters/repeated_runs.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

// "Benchmark" followed by a character that is not a lower-case letter, as the testing package
// requires of benchmark function names.
bool is_benchmark_name(std::string_view field) {
  return field.size() > 9 && field.starts_with("Benchmark") &&
         !(field[9] >= 'a' && field[9] <= 'z');
}

bool is_count(std::string_view field) {
  return !field.empty() && field.find_first_not_of("0123456789") == std::string_view::npos;
}

class GoBenchAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "go_bench"; }
  std::string_view description() const override {
    return "go test -bench text output (with -benchmem, -count, custom metrics)";
  }

  bool detect(const InputFile& input) const override {
    std::vector<std::string_view> fields;
    return any_early_line(input.text, [&](std::string_view line) {
      // A result line, with its name or (after a benchmark that logged) without.
      split_fields(line, fields);
      const std::size_t count_at = !fields.empty() && is_benchmark_name(fields[0]) ? 1 : 0;
      return fields.size() >= count_at + 3 && is_count(fields[count_at]) &&
             fields[count_at + 2] == "ns/op";
    });
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("go test");  // the output does not name the Go version
    TextLines lines(input);
    RepeatedRuns runs;
    CustomMeasures custom;
    std::vector<std::string_view> fields;
    std::string package;
    std::string pending_name;  // a name printed alone, awaiting its result line
    std::string params;
    bool any_result = false;

    while (lines.next()) {
      const auto line = lines.line();
      if (line.starts_with("pkg: ")) {
        package = trim(line.substr(5));
        continue;
      }
      split_fields(line, fields);
      if (fields.empty()) continue;
      std::string_view name;
      std::size_t count_at = 1;
      if (is_benchmark_name(fields[0])) {
        if (fields.size() == 1) {
          pending_name = fields[0];
          continue;
        }
        name = fields[0];
        if (!is_count(fields[1])) lines.fail("the iteration count after " + std::string(name));
      } else if (!pending_name.empty() && is_count(fields[0]) && fields.size() >= 3) {
        name = pending_name;
        count_at = 0;
      } else {
        continue;  // go test's other lines: goos/goarch/cpu, PASS, ok, logs
      }

      std::string_view benchmark = name;
      std::string_view procs;
      const auto dash = name.rfind('-');
      if (dash != std::string_view::npos && dash > 0 && is_count(name.substr(dash + 1))) {
        benchmark = name.substr(0, dash);
        procs = name.substr(dash + 1);
      }
      auto split = split_go_name(benchmark);
      if (!package.empty()) split.params["pkg"] = package;
      if (!procs.empty()) split.params["procs"] = std::stoll(std::string(procs));
      params = split.params.dump();
      auto& run = runs.run(split.benchmark, params);

      const auto pairs_at = count_at + 1;
      if ((fields.size() - pairs_at) % 2 != 0 || fields.size() == pairs_at) {
        lines.fail("VALUE UNIT pairs after the iteration count");
      }
      for (std::size_t i = pairs_at; i < fields.size(); i += 2) {
        const auto value = parse_number(fields[i]);
        if (!value) lines.fail("a number before the unit " + std::string(fields[i + 1]));
        const auto unit = fields[i + 1];
        if (unit == "ns/op") {
          run.add_sample(&measures::latency, *value);
        } else if (unit == "MB/s") {
          run.add_sample(&measures::bytes_per_second, *value * 1e6);
        } else if (unit == "B/op") {
          run.add_sample(&measures::allocated_bytes, *value);
        } else if (unit == "allocs/op") {
          run.add_sample(&measures::allocations, *value);
        } else {
          // b.ReportMetric's units are the user's: "/s" may count misses as well as work.
          run.add_sample(custom.get(unit, unit, Direction::unknown), *value);
        }
      }
      pending_name.clear();
      any_result = true;
    }
    if (!any_result) lines.fail("a benchmark result line: BenchmarkNAME ITERATIONS VALUE UNIT...");
    runs.emit(sink);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_go_bench_adapter() { return std::make_unique<GoBenchAdapter>(); }

}  // namespace perfwatch
