// The Go adapter against real `go test -bench` output of tests/harnesses/go, run here; the
// expected numbers are read from the same output with a plain whitespace split.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

std::string run_go_bench() {
  const std::string work = GO_WORK_DIR;
  auto result = testing::run_command({GO_EXECUTABLE, "test", "-run", "^$", "-bench", ".",
                                      "-benchmem", "-count", "3", "-benchtime", "1000x"},
                                     GO_HARNESS_DIR,
                                     {{"HOME", work},
                                      {"GOCACHE", work + "/cache"},
                                      {"GOPATH", work + "/gopath"},
                                      {"GOFLAGS", "-mod=mod"},
                                      {"GOTOOLCHAIN", "local"},
                                      {"GOPROXY", "off"}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  return result.out;
}

CollectingSink parse_detected(const std::string& text) {
  InputFile input{"go.txt", text};
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "go_bench");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

// values[line name][unit] = the values of that unit, one per repeated line.
std::map<std::string, std::map<std::string, std::vector<double>>> read_lines(
    const std::string& text) {
  std::map<std::string, std::map<std::string, std::vector<double>>> values;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("Benchmark")) continue;
    std::istringstream fields(line);
    std::string name, iterations, value, unit;
    fields >> name >> iterations;
    EXPECT_EQ(iterations, "1000") << line;
    while (fields >> value >> unit) values[name][unit].push_back(std::stod(value));
  }
  return values;
}

TEST(GoBenchAdapter, RepeatedLinesBecomeSamplesOfRealOutput) {
  const auto text = run_go_bench();
  const auto expected = read_lines(text);
  const auto sink = parse_detected(text);
  const std::map<std::string, std::pair<std::string, double>> slugs = {
      {"ns/op", {"latency", 1.0}},
      {"MB/s", {"bytes_per_second", 1e6}},
      {"B/op", {"allocated_bytes", 1.0}},
      {"allocs/op", {"allocations", 1.0}},
      {"compares/op", {"compares/op", 1.0}}};
  ASSERT_EQ(expected.size(), 3u);
  std::size_t expected_metrics = 0;
  for (const auto& [line_name, by_unit] : expected) {
    const auto dash = line_name.rfind('-');
    const std::string name = line_name.substr(0, dash);
    ASSERT_TRUE(name == "BenchmarkCopy" || name.starts_with("BenchmarkSort/size=")) << name;
    for (const auto& [unit, values] : by_unit) {
      ++expected_metrics;
      const auto& [slug, scale] = slugs.at(unit);
      // BenchmarkSort/size=16 is benchmark BenchmarkSort with params {"size":16}.
      const auto equals = name.find('=');
      const std::string size =
          equals == std::string::npos ? "" : R"(,"size":)" + name.substr(equals + 1);
      const std::string params =
          R"({"pkg":"perfwatch.test/goharness","procs":)" + line_name.substr(dash + 1) + size + "}";
      const auto& metric = sink.find(name.substr(0, name.find('/')), slug, params);
      SCOPED_TRACE(name + " " + slug);
      ASSERT_EQ(metric.n, 3);
      ASSERT_EQ(metric.samples.size(), 3u);
      double sum = 0;
      for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_DOUBLE_EQ(metric.samples[i], values[i] * scale);
        sum += values[i] * scale;
      }
      EXPECT_DOUBLE_EQ(metric.value, sum / 3);
      EXPECT_DOUBLE_EQ(*metric.lower, *std::min_element(values.begin(), values.end()) * scale);
      EXPECT_DOUBLE_EQ(*metric.upper, *std::max_element(values.begin(), values.end()) * scale);
    }
  }
  EXPECT_EQ(sink.metrics().size(), expected_metrics);
  EXPECT_EQ(sink.find("BenchmarkCopy", "bytes_per_second").measure.direction,
            Direction::higher_is_better);
  EXPECT_EQ(sink.find("BenchmarkCopy", "allocated_bytes").measure.units, "B/op");
  const auto& compares = sink.find("BenchmarkSort", "compares/op").measure;
  EXPECT_EQ(compares.units, "compares/op");
  EXPECT_EQ(compares.direction, Direction::unknown);  // b.ReportMetric's units are the user's
}

// Lines from the real run above, reshaped as go test prints them when a benchmark logs, with
// GOMAXPROCS=1 (no -N suffix) and a custom rate metric.
TEST(GoBenchAdapter, NameOnItsOwnLineAndNoProcsSuffix) {
  const std::string text =
      "goos: linux\n"
      "BenchmarkCopy\n"
      "    harness_test.go:12: logging\n"
      "    1000\t      2051 ns/op\t1996.88 MB/s\t     7.5 hits/s\n"
      "PASS\n";
  const auto sink = parse_detected(text);
  const auto& latency = sink.find("BenchmarkCopy", "latency");
  EXPECT_DOUBLE_EQ(latency.value, 2051);
  EXPECT_EQ(latency.n, 1);
  EXPECT_EQ(latency.params_json, "{}");
  EXPECT_DOUBLE_EQ(sink.find("BenchmarkCopy", "bytes_per_second").value, 1996.88e6);
  // A "/s" rate of the user's is not known to be better higher (misses/s would be worse).
  EXPECT_EQ(sink.find("BenchmarkCopy", "hits/s").measure.direction, Direction::unknown);
}

TEST(GoBenchAdapter, MalformedValueNamesTheLine) {
  const std::string text =
      "pkg: example.com/x\n"
      "BenchmarkA-2   \t    1000\t      2051 ns/op\n"
      "BenchmarkB-2   \t    1000\t      fast ns/op\n";
  InputFile input{"go.txt", text};
  CollectingSink sink;
  try {
    find_adapter("go_bench")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "go.txt: line 3: expected a number before the unit ns/op");
  }
}

TEST(GoBenchAdapter, MissingIterationCountNamesTheLine) {
  InputFile input{"go.txt", "BenchmarkA-2 \t fast 2051 ns/op\n"};
  CollectingSink sink;
  try {
    find_adapter("go_bench")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "go.txt: line 1: expected the iteration count after BenchmarkA-2");
  }
}

}  // namespace
}  // namespace perfwatch
