// The JMH adapter against real JMH output from Bencher's test data (tests/fixtures/jmh, see its
// PROVENANCE.md); the expected numbers are those of the fixture files.
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_fixture(const std::string& name) {
  const auto input = read_input_file(testing::fixture("jmh/" + name).string());
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "jmh");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

std::string parse_error(std::string text) {
  InputFile input{"jmh.json", std::move(text)};
  CollectingSink sink;
  try {
    find_adapter("jmh")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

TEST(JmhAdapter, ThroughputWithParamsConfidenceAndRawData) {
  const auto sink = parse_fixture("six.json");
  EXPECT_EQ(sink.tool_version(), "JMH 1.36");
  ASSERT_EQ(sink.metrics().size(), 6u);
  const auto& caffeine = sink.find(
      "com.github.caffeine.caffeine.cache.ComputeBenchmark.compute_sameKey", "throughput");
  EXPECT_EQ(caffeine.params_json, R"({"computeType":"Caffeine"})");
  EXPECT_EQ(caffeine.measure.units, "ops/s");
  EXPECT_EQ(caffeine.measure.direction, Direction::higher_is_better);
  EXPECT_DOUBLE_EQ(caffeine.value, 1.5252013234402195E8);
  EXPECT_DOUBLE_EQ(*caffeine.lower, 1.4899981156545883E8);
  EXPECT_DOUBLE_EQ(*caffeine.upper, 1.5604045312258506E8);
  EXPECT_EQ(caffeine.n, 3);
  EXPECT_EQ(caffeine.samples,
            (std::vector<double>{1.524957059947031E8, 1.5272414315072593E8, 1.5234054788663682E8}));
  EXPECT_EQ(
      sink.find("com.github.guava.caffeine.cache.ComputeBenchmark.compute_sameKey", "throughput")
          .params_json,
      R"({"computeType":"Guava"})");
}

TEST(JmhAdapter, NoParamsGiveEmptyObject) {
  const auto sink = parse_fixture("throughput.json");
  EXPECT_EQ(sink.tool_version(), "JMH 1.29");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& metric = sink.metrics()[0];
  EXPECT_EQ(metric.benchmark, "org.openjdk.jmh.samples.JMHSample_01_HelloWorld.wellHelloThere");
  EXPECT_EQ(metric.params_json, "{}");
  EXPECT_EQ(metric.measure.slug, "throughput");
  EXPECT_EQ(metric.n, 3);
}

TEST(JmhAdapter, TimePerOperationBecomesNanosecondLatency) {
  // latency.json says "s/op": score, bounds and samples are multiplied by 1e9.
  const auto sink = parse_fixture("latency.json");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& metric =
      sink.find("org.openjdk.jmh.samples.JMHSample_01_HelloWorld.wellHelloThere", "latency");
  EXPECT_EQ(metric.measure.units, "ns");
  EXPECT_EQ(metric.measure.direction, Direction::lower_is_better);
  EXPECT_DOUBLE_EQ(metric.value, 3.3762388731228185E9 * 1e9);
  EXPECT_DOUBLE_EQ(*metric.lower, 3.3619508873788824E9 * 1e9);
  EXPECT_DOUBLE_EQ(*metric.upper, 3.3905268588667545E9 * 1e9);
  ASSERT_EQ(metric.samples.size(), 3u);
  EXPECT_DOUBLE_EQ(metric.samples[2], 3.375353964729294E9 * 1e9);
}

// The GC profiler's metrics (names as JMH 1.36 writes them) and an @AuxCounters operation count,
// added to the real throughput run: only units that say which way is better give a direction.
TEST(JmhAdapter, SecondaryMetricsKeepADirectionOnlyWhereTheirUnitStatesIt) {
  auto text = testing::read_file(testing::fixture("jmh/throughput.json"));
  const std::string empty = "\"secondaryMetrics\": {}";
  const auto at = text.find(empty);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, empty.size(), R"("secondaryMetrics": {
      "\u00b7gc.alloc.rate": {"score": 812.5, "scoreUnit": "MB/sec"},
      "\u00b7gc.alloc.rate.norm": {"score": 24.0, "scoreUnit": "B/op"},
      "\u00b7gc.count": {"score": 12.0, "scoreUnit": "counts"},
      "hits": {"score": 2.5, "scoreUnit": "ops/ms"}})");
  InputFile input{"jmh.json", text};
  CollectingSink sink;
  find_adapter("jmh")->parse(input, sink);
  const std::string benchmark = "org.openjdk.jmh.samples.JMHSample_01_HelloWorld.wellHelloThere";
  EXPECT_EQ(sink.find(benchmark, "gc.alloc.rate").measure.direction, Direction::unknown);
  EXPECT_EQ(sink.find(benchmark, "gc.count").measure.direction, Direction::unknown);
  EXPECT_EQ(sink.find(benchmark, "allocated_bytes").measure.direction, Direction::lower_is_better);
  const auto& hits = sink.find(benchmark, "hits");
  EXPECT_EQ(hits.measure.direction, Direction::higher_is_better);
  EXPECT_DOUBLE_EQ(hits.value, 2500);  // ops/ms -> ops/s
}

TEST(JmhAdapter, WrongTypeNamesTheJsonPath) {
  auto text = testing::read_file(testing::fixture("jmh/throughput.json"));
  const auto unit = text.find("\"ops/s\"");
  ASSERT_NE(unit, std::string::npos);
  EXPECT_EQ(parse_error(text.substr(0, unit) + "\"widgets\"" + text.substr(unit + 7)),
            "jmh.json: at [0].primaryMetric.scoreUnit: expected ops/<time unit> or <time unit>/op");
  const auto raw = text.find("3.376842765688582E9", text.find("\"rawData\""));
  ASSERT_NE(raw, std::string::npos);
  EXPECT_EQ(parse_error(text.substr(0, raw) + "null" + text.substr(raw + 19)),
            "jmh.json: at [0].primaryMetric.rawData[0][0]: expected a number");
}

TEST(JmhAdapter, TruncatedFileNamesLineAndColumn) {
  // six.json cut after the first 12 characters of line 3 ('        "ben').
  const auto text = testing::read_file(testing::fixture("jmh/six.json"));
  std::size_t cut = 0;
  for (int line = 1; line < 3; ++line) cut = text.find('\n', cut) + 1;
  const auto message = parse_error(text.substr(0, cut + 12));
  EXPECT_EQ(message.rfind("jmh.json: line 3, column 13: malformed JSON: ", 0), 0u) << message;
}

}  // namespace
}  // namespace perfwatch
