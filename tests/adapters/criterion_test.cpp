// The Criterion adapters against real `cargo bench` output checked in under
// tests/fixtures/criterion/ (see its PROVENANCE.md).
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_fixture(const std::string& name) {
  const auto input = read_input_file(testing::fixture("criterion/" + name).string());
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "criterion_text");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

void expect_triple(const OwnedMetric& metric, double low, double estimate, double high) {
  EXPECT_DOUBLE_EQ(metric.value, estimate) << metric.benchmark;
  EXPECT_DOUBLE_EQ(*metric.lower, low) << metric.benchmark;
  EXPECT_DOUBLE_EQ(*metric.upper, high) << metric.benchmark;
}

TEST(CriterionTextAdapter, ReadsEveryUnitAndNamesWithSpaces) {
  const auto sink = parse_fixture("many.txt");
  ASSERT_EQ(sink.metrics().size(), 5u);
  expect_triple(sink.find("file", "latency"), 0.32062, 0.32390, 0.32755);
  expect_triple(sink.find("rolling_file", "latency"), 0.38179, 0.42966, 0.48328);
  expect_triple(sink.find("tracing_file", "latency"), 16652, 18019, 19562);
  expect_triple(sink.find("tracing_rolling_file", "latency"), 18195, 20930, 24240);
  expect_triple(sink.find("benchmark: name with spaces", "latency"), 18.195, 20.930, 24.240);
  EXPECT_EQ(sink.find("file", "latency").n, 100);
  EXPECT_EQ(sink.find("file", "latency").measure.units, "ns");
  EXPECT_EQ(sink.tool_version(), "Criterion.rs");
}

TEST(CriterionTextAdapter, MicroSecondsOfCargoBenchOutput) {
  const auto sink = parse_fixture("cargo_bench_criterion.txt");
  ASSERT_EQ(sink.metrics().size(), 5u);
  expect_triple(sink.find("benchmark: name with spaces", "latency"), 18195, 20930, 24240);
}

TEST(CriterionTextAdapter, NameOnItsOwnLineAndThroughput) {
  const auto sink = parse_fixture("throughput.txt");
  ASSERT_EQ(sink.metrics().size(), 4u);
  expect_triple(sink.find("execution/naive/select_1_column", "latency", R"({"param":10})"), 7699.8,
                7715.2, 7729.4);
  const auto& items =
      sink.find("execution/naive/select_1_column", "items_per_second", R"({"param":100})");
  expect_triple(items, 3.2268e6, 3.2314e6, 3.2352e6);
  EXPECT_EQ(items.measure.direction, Direction::higher_is_better);
  EXPECT_EQ(items.n, 100);
}

TEST(CriterionTextAdapter, FailedBenchKeepsEarlierResults) {
  const auto sink = parse_fixture("failed.txt");
  ASSERT_EQ(sink.metrics().size(), 4u);
  expect_triple(sink.find("file", "latency"), 2.0246, 2.2311, 2.4461);
  expect_triple(sink.find("tracing_rolling_file", "latency"), 25687, 27365, 29160);
}

TEST(CriterionTextAdapter, BinaryByteRates) {
  InputFile input{"bench.txt",
                  "copy                    time:   [1.0000 ms 2.0000 ms 3.0000 ms]\n"
                  "                        thrpt:  [1.5 GiB/s 2.0 GiB/s 3.0 GiB/s]\n"};
  CollectingSink sink;
  find_adapter("criterion_text")->parse(input, sink);
  expect_triple(sink.find("copy", "latency"), 1e6, 2e6, 3e6);
  expect_triple(sink.find("copy", "bytes_per_second"), 1.5 * (1 << 30), 2.0 * (1 << 30),
                3.0 * (1 << 30));
  EXPECT_EQ(sink.find("copy", "latency").n, 0);  // no "Collecting N samples" line
}

TEST(CriterionTextAdapter, BadTimeLineNamesTheLine) {
  InputFile input{"bench.txt",
                  "Benchmarking copy\n"
                  "copy                    time:   [1.0000 ms 2.0000 weeks 3.0000 ms]\n"};
  CollectingSink sink;
  try {
    find_adapter("criterion_text")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "bench.txt: line 2: expected time: [LOW UNIT ESTIMATE UNIT HIGH UNIT] with units "
                 "ps, ns, us, ms or s");
  }
}

}  // namespace
}  // namespace perfwatch
