// The Google Benchmark console adapter against real output of tests/harnesses/google_benchmark:
// each run prints the console table and, through --benchmark_out, the same results as JSON; the
// table's rounded numbers must match the JSON's to the table's precision.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

// The metric of a Google Benchmark run name as stored: BM_Copy/64 is benchmark BM_Copy with
// params {"arg0":64}.
const OwnedMetric& find_run(const CollectingSink& sink, const std::string& run_name,
                            const std::string& slug) {
  const auto slash = run_name.find('/');
  if (slash == std::string::npos) return sink.find(run_name, slug, "{}");
  return sink.find(run_name.substr(0, slash), slug,
                   R"({"arg0":)" + run_name.substr(slash + 1) + "}");
}

struct HarnessRun {
  std::string console;
  nlohmann::json json;
};

HarnessRun run_harness(const std::vector<std::string>& extra) {
  testing::ScratchDir dir;
  const auto json_path = (dir / "out.json").string();
  std::vector<std::string> argv{GOOGLE_BENCHMARK_HARNESS,       "--benchmark_format=console",
                                "--benchmark_color=false",      "--benchmark_min_time=0.01",
                                "--benchmark_out=" + json_path, "--benchmark_out_format=json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto result = testing::run_command(argv);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return {result.out, nlohmann::json::parse(testing::read_file(json_path))};
}

CollectingSink parse_detected(const std::string& text) {
  InputFile input{"gbench.txt", text};
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "google_benchmark_console");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

// The table prints at least 3 significant digits of times and 6 of counters.
void expect_close(double actual, double expected, const std::string& what) {
  EXPECT_NEAR(actual, expected, 0.005 * std::abs(expected) + 0.0006) << what;
}

// Every measure of every run matches the JSON entries of that run: each repetition row is a
// sample, or the mean aggregate is the value when the output holds aggregates only.
void expect_matches_json(const CollectingSink& sink, const nlohmann::json& document,
                         bool aggregates_only) {
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"latency", "real_time"},
      {"cpu_time", "cpu_time"},
      {"bytes_per_second", "bytes_per_second"},
      {"items_per_second", "items_per_second"},
      {"comparisons", "comparisons"},
      {"elements", "elements"}};
  std::size_t expected_metrics = 0;
  for (const std::string run_name : {"BM_Copy/64", "BM_Copy/512", "BM_Copy/4096", "BM_Sort/1000"}) {
    std::vector<nlohmann::json> runs;
    for (const auto& entry : document["benchmarks"]) {
      if (entry["run_name"] != run_name) continue;
      const bool mean = entry["run_type"] == "aggregate" && entry["aggregate_name"] == "mean";
      if (aggregates_only ? mean : entry["run_type"] == "iteration") runs.push_back(entry);
    }
    ASSERT_FALSE(runs.empty()) << run_name;
    for (const auto& [slug, key] : keys) {
      if (!runs[0].contains(key)) continue;
      ++expected_metrics;
      const auto& metric = find_run(sink, run_name, slug);
      const std::string what = run_name + " " + slug;
      if (aggregates_only) {
        expect_close(metric.value, runs[0][key].get<double>(), what);
        EXPECT_EQ(metric.n, runs[0]["repetitions"].get<int64_t>()) << what;
        continue;
      }
      ASSERT_EQ(metric.n, static_cast<int64_t>(runs.size())) << what;
      double sum = 0;
      for (std::size_t i = 0; i < runs.size(); ++i) {
        const double expected = runs[i][key].get<double>();
        sum += expected;
        if (runs.size() > 1) expect_close(metric.samples.at(i), expected, what);
      }
      expect_close(metric.value, sum / static_cast<double>(runs.size()), what);
    }
  }
  EXPECT_EQ(sink.metrics().size(), expected_metrics);
  for (const auto& metric : sink.metrics()) EXPECT_NE(metric.benchmark, "BM_Fails");
}

TEST(GoogleBenchmarkConsoleAdapter, RepetitionRowsBecomeSamplesOfRealOutput) {
  const auto run = run_harness({"--benchmark_repetitions=3"});
  const auto sink = parse_detected(run.console);
  expect_matches_json(sink, run.json, false);
  EXPECT_EQ(find_run(sink, "BM_Copy/64", "latency").samples.size(), 3u);
  EXPECT_EQ(find_run(sink, "BM_Copy/64", "bytes_per_second").measure.direction,
            Direction::higher_is_better);
  // The table prints the rate counter as comparisons=...M/s: still not a direction.
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "comparisons").measure.direction, Direction::unknown);
}

TEST(GoogleBenchmarkConsoleAdapter, SingleRowsOfRealOutput) {
  const auto run = run_harness({});
  expect_matches_json(parse_detected(run.console), run.json, false);
}

TEST(GoogleBenchmarkConsoleAdapter, AggregatesOnlyTakeTheMeanRowOfRealOutput) {
  const auto run =
      run_harness({"--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"});
  expect_matches_json(parse_detected(run.console), run.json, true);
}

TEST(GoogleBenchmarkConsoleAdapter, TabularCountersOfRealOutput) {
  const auto run = run_harness({"--benchmark_counters_tabular=true"});
  expect_matches_json(parse_detected(run.console), run.json, false);
}

// Rows from a real 1.7.1 run; K is 1024-based, k 1000-based, bytes_per_second's G 1024-based.
TEST(GoogleBenchmarkConsoleAdapter, CounterPrefixesAndUnits) {
  const std::string text =
      "-----------------------------------------------------------------\n"
      "Benchmark             Time             CPU   Iterations UserCounters...\n"
      "-----------------------------------------------------------------\n"
      "BM_Copy/64         3.57 ns         2.12 ns      7386955 bytes_per_second=28.1491G/s\n"
      "BM_Sort/1000       5093 us         3325 ms         4205 comparisons=2.4478G/s "
      "elements=1k items_per_second=300.787M/s small=5m/s kibi=2K mebi=3Mi/s\n";
  const auto sink = parse_detected(text);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Copy/64", "latency").value, 3.57);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Copy/64", "cpu_time").value, 2.12);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Copy/64", "bytes_per_second").value, 28.1491 * (1 << 30));
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "latency").value, 5093e3);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "cpu_time").value, 3325e6);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "comparisons").value, 2.4478e9);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "elements").value, 1000);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "items_per_second").value, 300.787e6);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "small").value, 5e-3);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "kibi").value, 2048);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Sort/1000", "mebi").value, 3.0 * (1 << 20));
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "latency").n, 1);
}

TEST(GoogleBenchmarkConsoleAdapter, BadRowNamesTheLine) {
  const std::string text =
      "Benchmark             Time             CPU   Iterations\n"
      "----------------------------------------------------\n"
      "BM_Copy/64         3.57 ns         2.12 ns      7386955\n"
      "BM_Copy/512        3.57 parsecs    2.12 ns      7386955\n";
  InputFile input{"gbench.txt", text};
  CollectingSink sink;
  try {
    find_adapter("google_benchmark_console")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "gbench.txt: line 4: expected a benchmark row: NAME TIME UNIT CPU UNIT "
                 "ITERATIONS [COUNTERS]");
  }
}

TEST(GoogleBenchmarkConsoleAdapter, BadCounterNamesTheLine) {
  const std::string text =
      "Benchmark             Time             CPU   Iterations UserCounters...\n"
      "BM_Copy/64         3.57 ns         2.12 ns      7386955 bytes_per_second=fast\n";
  InputFile input{"gbench.txt", text};
  CollectingSink sink;
  try {
    find_adapter("google_benchmark_console")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "gbench.txt: line 2: expected a number with an optional k/M/G... prefix in "
                 "counter bytes_per_second");
  }
}

}  // namespace
}  // namespace perfwatch
