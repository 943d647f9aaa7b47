// The Google Benchmark JSON adapter against real output of tests/harnesses/google_benchmark,
// run here; the expected numbers come from the same output, read with nlohmann::json.
#include <gtest/gtest.h>

#include <map>
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

// Runs the harness with the flags that every run shares plus `extra`; returns its stdout.
std::string run_harness(const std::vector<std::string>& extra) {
  std::vector<std::string> argv{GOOGLE_BENCHMARK_HARNESS, "--benchmark_format=json",
                                "--benchmark_min_time=0.01"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto result = testing::run_command(argv);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

// The entries of `document` for run_name whose run_type/aggregate_name is `kind`
// ("iteration" or an aggregate name such as "mean").
std::vector<nlohmann::json> entries(const nlohmann::json& document, const std::string& run_name,
                                    const std::string& kind) {
  std::vector<nlohmann::json> found;
  for (const auto& entry : document["benchmarks"]) {
    if (entry["run_name"] != run_name) continue;
    const bool aggregate = entry["run_type"] == "aggregate";
    if ((!aggregate && kind == "iteration") || (aggregate && entry["aggregate_name"] == kind)) {
      found.push_back(entry);
    }
  }
  return found;
}

CollectingSink parse_detected(const std::string& text) {
  InputFile input{"gbench.json", text};
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "google_benchmark_json");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

// Checks one measure's metric against the iteration entries' values of `key`.
void expect_samples(const CollectingSink& sink, const std::string& run_name,
                    const std::string& slug, const std::vector<nlohmann::json>& runs,
                    const std::string& key) {
  SCOPED_TRACE(run_name + " " + slug);
  const auto& metric = find_run(sink, run_name, slug);
  std::vector<double> expected;
  for (const auto& run : runs) expected.push_back(run[key].get<double>());
  ASSERT_EQ(metric.n, static_cast<int64_t>(expected.size()));
  double sum = 0;
  for (double value : expected) sum += value;
  EXPECT_DOUBLE_EQ(metric.value, sum / static_cast<double>(expected.size()));
  EXPECT_DOUBLE_EQ(*metric.lower, *std::min_element(expected.begin(), expected.end()));
  EXPECT_DOUBLE_EQ(*metric.upper, *std::max_element(expected.begin(), expected.end()));
  if (expected.size() > 1) {
    EXPECT_EQ(metric.samples, expected);
  } else {
    EXPECT_TRUE(metric.samples.empty());
  }
}

const std::vector<std::string> kRuns = {"BM_Copy/64", "BM_Copy/512", "BM_Copy/4096",
                                        "BM_Sort/1000"};

void expect_every_field(const CollectingSink& sink, const nlohmann::json& document) {
  for (const auto& run_name : kRuns) {
    const auto runs = entries(document, run_name, "iteration");
    ASSERT_FALSE(runs.empty()) << run_name;
    // The harness reports in ns; time stays in ns.
    ASSERT_EQ(runs[0]["time_unit"], "ns");
    expect_samples(sink, run_name, "latency", runs, "real_time");
    expect_samples(sink, run_name, "cpu_time", runs, "cpu_time");
    if (run_name.starts_with("BM_Copy")) {
      expect_samples(sink, run_name, "bytes_per_second", runs, "bytes_per_second");
    } else {
      expect_samples(sink, run_name, "items_per_second", runs, "items_per_second");
      expect_samples(sink, run_name, "comparisons", runs, "comparisons");
      expect_samples(sink, run_name, "elements", runs, "elements");
    }
  }
  // 3 Copy runs x 3 measures + Sort x 5; the failed BM_Fails reports nothing.
  EXPECT_EQ(sink.metrics().size(), 14u);
  for (const auto& metric : sink.metrics()) EXPECT_NE(metric.benchmark, "BM_Fails");
  const auto& bytes = find_run(sink, "BM_Copy/64", "bytes_per_second").measure;
  EXPECT_EQ(bytes.units, "B/s");
  EXPECT_EQ(bytes.direction, Direction::higher_is_better);
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "items_per_second").measure.direction,
            Direction::higher_is_better);
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "latency").measure.units, "ns");
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "latency").measure.direction,
            Direction::lower_is_better);
  // User counters, a rate (kIsRate) or not, do not say which way is better.
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "comparisons").measure.direction, Direction::unknown);
  EXPECT_EQ(find_run(sink, "BM_Sort/1000", "elements").measure.direction, Direction::unknown);
  EXPECT_EQ(sink.tool_version(), "Google Benchmark");  // 1.7.1 writes no library_version
}

TEST(GoogleBenchmarkJsonAdapter, RepetitionsBecomeSamplesOfRealOutput) {
  const auto text = run_harness({"--benchmark_repetitions=3"});
  const auto document = nlohmann::json::parse(text);
  const auto sink = parse_detected(text);
  expect_every_field(sink, document);
  EXPECT_EQ(find_run(sink, "BM_Copy/512", "latency").samples.size(), 3u);
}

TEST(GoogleBenchmarkJsonAdapter, SingleRunIsOneSampleOfRealOutput) {
  const auto text = run_harness({});
  const auto document = nlohmann::json::parse(text);
  const auto sink = parse_detected(text);
  expect_every_field(sink, document);
  EXPECT_EQ(find_run(sink, "BM_Copy/512", "latency").n, 1);
}

TEST(GoogleBenchmarkJsonAdapter, AggregatesOnlyTakeTheMeanOfRealOutput) {
  const auto text =
      run_harness({"--benchmark_repetitions=3", "--benchmark_report_aggregates_only=true"});
  const auto document = nlohmann::json::parse(text);
  const auto sink = parse_detected(text);
  ASSERT_TRUE(entries(document, "BM_Sort/1000", "iteration").empty());
  const std::map<std::string, std::string> keys = {{"latency", "real_time"},
                                                   {"cpu_time", "cpu_time"},
                                                   {"items_per_second", "items_per_second"},
                                                   {"comparisons", "comparisons"},
                                                   {"elements", "elements"}};
  for (const auto& [slug, key] : keys) {
    const auto mean = entries(document, "BM_Sort/1000", "mean").at(0);
    const auto& metric = find_run(sink, "BM_Sort/1000", slug);
    EXPECT_DOUBLE_EQ(metric.value, mean[key].get<double>()) << slug;
    EXPECT_EQ(metric.n, 3) << slug;
    EXPECT_FALSE(metric.lower) << slug;
    EXPECT_TRUE(metric.samples.empty()) << slug;
  }
  const auto copy_mean = entries(document, "BM_Copy/64", "mean").at(0);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_Copy/64", "bytes_per_second").value,
                   copy_mean["bytes_per_second"].get<double>());
  EXPECT_EQ(sink.metrics().size(), 14u);
}

TEST(GoogleBenchmarkJsonAdapter, MicrosecondTimesAreNormalisedToNanoseconds) {
  const std::string text = R"({"context": {"num_cpus": 2, "library_version": "v1.8.3"},
    "benchmarks": [{"name": "BM_x", "run_name": "BM_x", "run_type": "iteration",
                    "repetitions": 1, "iterations": 10, "real_time": 1.5, "cpu_time": 2.0,
                    "time_unit": "us"}]})";
  const auto sink = parse_detected(text);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_x", "latency").value, 1500.0);
  EXPECT_DOUBLE_EQ(find_run(sink, "BM_x", "cpu_time").value, 2000.0);
  EXPECT_EQ(sink.tool_version(), "Google Benchmark v1.8.3");
}

TEST(GoogleBenchmarkJsonAdapter, BadTimeUnitNamesTheJsonPath) {
  const std::string text = R"({"context": {"num_cpus": 2},
    "benchmarks": [{"name": "BM_x", "real_time": 1, "cpu_time": 1, "time_unit": "ns"},
                   {"name": "BM_y", "real_time": 1, "cpu_time": 1, "time_unit": "min"}]})";
  InputFile input{"gbench.json", text};
  CollectingSink sink;
  try {
    find_adapter("google_benchmark_json")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "gbench.json: at benchmarks[1].time_unit: expected one of ns, us, "
                 "ms, s");
  }
}

TEST(GoogleBenchmarkJsonAdapter, MissingRealTimeNamesTheJsonPath) {
  const std::string text = R"({"context": {"num_cpus": 2},
    "benchmarks": [{"name": "BM_x", "cpu_time": 1, "time_unit": "ns"}]})";
  InputFile input{"gbench.json", text};
  CollectingSink sink;
  try {
    find_adapter("google_benchmark_json")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "gbench.json: at benchmarks[0].real_time: expected a number");
  }
}

std::string parse_error_of(const std::string& text) {
  InputFile input{"gbench.json", text};
  CollectingSink sink;
  try {
    find_adapter("google_benchmark_json")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

TEST(GoogleBenchmarkJsonAdapter, WrongTypeNamesTheJsonPath) {
  EXPECT_EQ(parse_error_of(R"({"context": {"num_cpus": 2},
    "benchmarks": [{"name": "BM_x", "real_time": "fast", "cpu_time": 1}]})"),
            "gbench.json: at benchmarks[0].real_time: expected a number");
  EXPECT_EQ(parse_error_of(R"({"context": {"num_cpus": 2}, "benchmarks": {}})"),
            "gbench.json: at benchmarks: expected an array");
  EXPECT_EQ(parse_error_of(R"({"context": {"num_cpus": 2}})"),
            "gbench.json: at benchmarks: expected an array");
}

TEST(GoogleBenchmarkJsonAdapter, TruncatedFileNamesLineAndColumn) {
  const auto message = parse_error_of(
      "{\"context\": {\"num_cpus\": 2},\n \"benchmarks\": [{\"name\": \"BM_x\", \"real_t");
  EXPECT_EQ(message.rfind("gbench.json: line 2, column ", 0), 0u) << message;
  EXPECT_NE(message.find("malformed JSON"), std::string::npos) << message;
}

}  // namespace
}  // namespace perfwatch
