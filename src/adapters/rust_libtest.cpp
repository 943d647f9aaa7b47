// Rust's built-in benchmark harness (libtest, `#[bench]`, `cargo bench` without Criterion):
//   test tests::parse ... bench:       3,161 ns/iter (+/- 975)
//   test tests::copy  ... bench:          19.43 ns/iter (+/- 0.52) = 830 MB/s
// Format: the test crate's console output (library/test/src/formatters/pretty.rs and
// bench.rs in rust-lang/rust): the median time per iteration with thousands separators (whole
// nanoseconds before Rust 1.78, two decimals since), "+/- " the spread of the samples
// (their maximum minus their minimum, not a bound: not stored), and "= N MB/s" when the bench
// set b.bytes (MB is 10^6 bytes).
//
// Mapping: the time -> latency (ns), MB/s -> bytes_per_second. Lines of ignored and FAILED
// benches carry no timing and are skipped, as are libtest's other lines (running N tests,
// failures, test result). A bench seen more than once (several runs in one file) gets its
// values as samples.
#include <optional>
#include <string>
#include <vector>

#include "adapters/all_adapters.hpp"
#include "adapters/repeated_runs.hpp"
#include "adapters/text_lines.hpp"

namespace perfwatch {
namespace {

constexpr std::string_view kBench = " ... bench:";

// The bench's name when line is a result line ("test NAME ... bench: ..."), else empty.
std::string_view bench_name(std::string_view line) {
  if (!line.starts_with("test ")) return {};
  const auto at = line.find(kBench);
  return at == std::string_view::npos ? std::string_view{} : trim(line.substr(5, at - 5));
}

// A number libtest printed, with its thousands separators.
std::optional<double> libtest_number(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != ',') digits.push_back(c);
  }
  return parse_number(digits);
}

class RustLibtestAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "rust_libtest"; }
  std::string_view description() const override {
    return "Rust libtest `cargo bench` output (#[bench]: ns/iter lines)";
  }

  bool detect(const InputFile& input) const override {
    return any_early_line(input.text,
                          [](std::string_view line) { return !bench_name(line).empty(); });
  }

  void parse(const InputFile& input, MetricSink& sink) const override {
    sink.set_tool_version("Rust libtest");
    TextLines lines(input);
    RepeatedRuns runs;
    std::vector<std::string_view> fields;
    bool any_result = false;
    while (lines.next()) {
      const auto line = lines.line();
      const auto name = bench_name(line);
      if (name.empty()) continue;
      // VALUE UNIT/iter (+/- SPREAD) [= RATE MB/s]
      split_fields(line.substr(line.find(kBench) + kBench.size()), fields);
      if (fields.size() < 2 || !fields[1].ends_with("/iter")) {
        lines.fail("TIME UNIT/iter after 'bench:'");
      }
      const auto value = libtest_number(fields[0]);
      if (!value) lines.fail("a number of time units per iteration after 'bench:'");
      const auto unit = fields[1].substr(0, fields[1].size() - 5);
      const auto ns = nanoseconds_per(unit);
      if (!ns)
        lines.fail("a time unit (ns, us, ms, s) before '/iter', not '" + std::string(unit) + "'");
      auto& run = runs.run(name);
      run.add_sample(&measures::latency, *value * *ns);
      if (fields.size() >= 7 && fields[4] == "=" && fields[6] == "MB/s") {
        const auto rate = libtest_number(fields[5]);
        if (!rate) lines.fail("a number before MB/s");
        run.add_sample(&measures::bytes_per_second, *rate * 1e6);
      }
      any_result = true;
    }
    if (!any_result) lines.fail("a bench line: test NAME ... bench: TIME UNIT/iter (+/- SPREAD)");
    runs.emit(sink);
  }
};

}  // namespace

std::unique_ptr<Adapter> make_rust_libtest_adapter() {
  return std::make_unique<RustLibtestAdapter>();
}

}  // namespace perfwatch
