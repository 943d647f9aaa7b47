// The Rust libtest adapter against `cargo bench` output checked in under
// tests/fixtures/rust_libtest/ (see its PROVENANCE.md), and the shapes of newer Rust releases.
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_detected(const InputFile& input) {
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "rust_libtest");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

CollectingSink parse_fixture(const std::string& name) {
  return parse_detected(read_input_file(testing::fixture("rust_libtest/" + name).string()));
}

TEST(RustLibtestAdapter, ReadsThousandsSeparatorsAndEveryTimeUnit) {
  const auto sink = parse_fixture("many.txt");
  ASSERT_EQ(sink.metrics().size(), 6u);  // the two ignored tests carry no timing
  EXPECT_DOUBLE_EQ(sink.find("tests::benchmark", "latency").value, 3161);
  EXPECT_DOUBLE_EQ(sink.find("tests::other_benchmark", "latency").value, 3161);
  EXPECT_DOUBLE_EQ(sink.find("tests::last_benchmark", "latency").value, 3161);
  EXPECT_DOUBLE_EQ(sink.find("tests::one_digit", "latency").value, 1e3);      // μs
  EXPECT_DOUBLE_EQ(sink.find("tests::two_digit", "latency").value, 22e6);     // ms
  EXPECT_DOUBLE_EQ(sink.find("tests::three_digit", "latency").value, 333e9);  // s
  EXPECT_EQ(sink.find("tests::benchmark", "latency").measure.units, "ns");
  EXPECT_EQ(sink.tool_version(), "Rust libtest");
}

TEST(RustLibtestAdapter, FailedBenchesAreSkippedAndTheOthersRead) {
  const auto sink = parse_fixture("failed.txt");
  ASSERT_EQ(sink.metrics().size(), 2u);
  EXPECT_DOUBLE_EQ(sink.find("tests::benchmark_a", "latency").value, 3296);
  EXPECT_DOUBLE_EQ(sink.find("tests::benchmark_c", "latency").value, 3215);
}

// Since Rust 1.78 the figures have two decimals; b.bytes adds the rate; a second run of the
// same benches makes samples.
TEST(RustLibtestAdapter, DecimalsRatesAndRepeatedRuns) {
  const InputFile input{"bench.txt",
                        "running 1 test\n"
                        "test copy ... bench:          19.43 ns/iter (+/- 0.52) = 830 MB/s\n"
                        "test copy ... bench:          20.57 ns/iter (+/- 0.61) = 1,250 MB/s\n"};
  const auto sink = parse_detected(input);
  const auto& latency = sink.find("copy", "latency");
  EXPECT_DOUBLE_EQ(latency.value, 20.0);
  ASSERT_EQ(latency.samples.size(), 2u);
  EXPECT_DOUBLE_EQ(latency.samples[1], 20.57);
  EXPECT_DOUBLE_EQ(sink.find("copy", "bytes_per_second").samples[1], 1.25e9);
}

TEST(RustLibtestAdapter, MalformedLinesNameTheLine) {
  const auto refusal = [](const std::string& text) {
    const InputFile input{"bench.txt", text};
    CollectingSink sink;
    try {
      find_adapter("rust_libtest")->parse(input, sink);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal("running 1 test\ntest a ... bench: fast ns/iter (+/- 1)\n"),
            "bench.txt: line 2: expected a number of time units per iteration after 'bench:'");
  EXPECT_EQ(refusal("test a ... bench: 12 parsecs/iter (+/- 1)\n"),
            "bench.txt: line 1: expected a time unit (ns, us, ms, s) before '/iter', not "
            "'parsecs'");
  EXPECT_EQ(refusal("running 0 tests\n"),
            "bench.txt: line 1: expected a bench line: test NAME ... bench: TIME UNIT/iter (+/- "
            "SPREAD)");
}

// Criterion's `cargo bench` output (libtest's "running N tests" blocks around Criterion's
// lines) stays Criterion's.
TEST(RustLibtestAdapter, CriterionOutputIsNotTakenForLibtest) {
  const auto input = read_input_file(testing::fixture("criterion/many.txt").string());
  EXPECT_EQ(detect_adapter(input).name(), "criterion_text");
}

}  // namespace
}  // namespace perfwatch
