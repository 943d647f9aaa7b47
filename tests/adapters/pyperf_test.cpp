// The pyperf adapter against pyperf's own test data (tests/fixtures/pyperf/, see its
// PROVENANCE.md): timings of three benchmarks with calibration runs, a single benchmark named in
// the common metadata, and memory peaks. pyperf is not packaged in Debian, so it cannot run here.
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_fixture(const std::string& name) {
  const auto input = read_input_file(testing::fixture("pyperf/" + name).string());
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "pyperf");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

std::string refusal(const std::string& text) {
  const InputFile input{"pyperf.json", text};
  CollectingSink sink;
  try {
    find_adapter("pyperf")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  return "accepted";
}

// Expected figures computed from the file with Python's statistics module.
TEST(PyperfAdapter, EveryValueOfEveryRunIsASampleInNanoseconds) {
  const auto sink = parse_fixture("mult_list_py37.json");
  ASSERT_EQ(sink.metrics().size(), 3u);
  const auto& one = sink.find("[1]*1000", "latency");
  ASSERT_EQ(one.samples.size(), 60u);  // 20 runs of 3 values; the calibration run has none
  EXPECT_EQ(one.n, 60);
  EXPECT_NEAR(one.value, 2089.6602343167815, 1e-6);
  EXPECT_NEAR(*one.lower, 2028.2418975448024, 1e-6);
  EXPECT_NEAR(*one.upper, 2215.2035064060274, 1e-6);
  EXPECT_NEAR(one.samples[0], 2.080216247701827e-06 * 1e9, 1e-6);
  EXPECT_NEAR(sink.find("[1,2,3]*1000", "latency").value, 6053.961814922459, 1e-6);
  EXPECT_EQ(sink.tool_version(), "pyperf 2.0.1");
}

TEST(PyperfAdapter, NameFromTheCommonMetadata) {
  const auto sink = parse_fixture("telco.json");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& telco = sink.find("telco", "latency");
  EXPECT_EQ(telco.n, 120);
  EXPECT_NEAR(telco.value, 0.02253074578743508 * 1e9, 1e-3);
}

TEST(PyperfAdapter, BytesAreAMemoryMeasure) {
  const auto sink = parse_fixture("track_memory.json");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& memory = sink.find("timeit", "memory");
  EXPECT_EQ(memory.measure.units, "bytes");
  EXPECT_EQ(memory.measure.direction, Direction::lower_is_better);
  EXPECT_EQ(memory.samples, (std::vector<double>{7360512, 7364608, 7380992}));
}

TEST(PyperfAdapter, MalformedInputNamesThePath) {
  EXPECT_EQ(refusal(R"({"version": "1.0", "benchmarks": [{"runs": []}]})"),
            "pyperf.json: at benchmarks[0].metadata.name: expected the benchmark's name (here or "
            "in metadata)");
  EXPECT_EQ(
      refusal(R"({"metadata": {"name": "x", "unit": "furlong"}, "benchmarks": [{"runs": []}]})"),
      "pyperf.json: at benchmarks[0].metadata.unit: expected second, byte or integer");
  EXPECT_EQ(
      refusal(R"({"metadata": {"name": "x"}, "benchmarks": [{"runs": [{"values": [1, "2"]}]}]})"),
      "pyperf.json: at benchmarks[0].runs[0].values[1]: expected a number");
}

// pytest-benchmark's JSON also has "benchmarks" and Python metadata: it stays pytest's.
TEST(PyperfAdapter, PytestBenchmarkJsonIsNotTakenForPyperf) {
  const auto input =
      read_input_file(testing::fixture("harness_outputs/pytest_benchmark.json").string());
  EXPECT_EQ(detect_adapter(input).name(), "pytest_benchmark");
}

}  // namespace
}  // namespace perfwatch
