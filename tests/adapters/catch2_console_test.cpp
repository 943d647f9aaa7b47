// The Catch2 console adapter against real output of tests/harnesses/catch2 (Debian's Catch2
// 2.13): recorded runs checked in under tests/fixtures/harness_outputs/ for exact figures, and a
// fresh run whose benchmarks must be named as the XML adapter names them in the same program's
// XML.
#include <gtest/gtest.h>

#include <set>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_detected(const InputFile& input, const std::string& expected_adapter) {
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), expected_adapter);
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

CollectingSink parse_fixture(const std::string& name) {
  return parse_detected(read_input_file(testing::fixture("harness_outputs/" + name).string()),
                        "catch2_console");
}

TEST(Catch2ConsoleAdapter, ReadsMeansBoundsAndSamplesOfRecordedOutput) {
  const auto sink = parse_fixture("catch2_console.txt");
  ASSERT_EQ(sink.metrics().size(), 3u);
  const auto& fib10 = sink.find("Fibonacci/fib 10", "latency");
  EXPECT_DOUBLE_EQ(fib10.value, 47.9431);
  EXPECT_DOUBLE_EQ(*fib10.lower, 47.8578);
  EXPECT_DOUBLE_EQ(*fib10.upper, 48.221);
  EXPECT_EQ(fib10.n, 10);
  EXPECT_EQ(fib10.measure.units, "ns");
  EXPECT_DOUBLE_EQ(sink.find("Fibonacci/deeper/fib 15", "latency").value, 617.389);
  const auto& sum = sink.find("Vector sum/ints/1000/accumulate", "latency");
  EXPECT_DOUBLE_EQ(sum.value, 325.085);
  EXPECT_DOUBLE_EQ(*sum.lower, 287.158);
  EXPECT_DOUBLE_EQ(*sum.upper, 403.306);
  EXPECT_EQ(sink.tool_version(), "Catch2 2.13.10");  // from the banner
}

TEST(Catch2ConsoleAdapter, NoAnalysisOutputGivesTheMeanAlone) {
  const auto sink = parse_fixture("catch2_console_no_analysis.txt");
  ASSERT_EQ(sink.metrics().size(), 3u);
  const auto& fib10 = sink.find("Fibonacci/fib 10", "latency");
  EXPECT_DOUBLE_EQ(fib10.value, 47.9503);
  EXPECT_FALSE(fib10.lower.has_value());
  EXPECT_EQ(fib10.n, 10);
}

// A fresh run of the harness: console and XML name the same benchmarks the same way, and the
// console's figures are consistent (low mean <= mean <= high mean).
TEST(Catch2ConsoleAdapter, NamesBenchmarksAsTheXmlAdapterDoes) {
  const auto console = testing::run_command({CATCH2_HARNESS, "--benchmark-samples", "10"});
  const auto xml = testing::run_command({CATCH2_HARNESS, "-r", "xml", "--benchmark-samples", "10"});
  ASSERT_EQ(console.exit_code, 0) << console.err;
  ASSERT_EQ(xml.exit_code, 0) << xml.err;
  const auto from_console = parse_detected({"console.txt", console.out}, "catch2_console");
  const auto from_xml = parse_detected({"catch2.xml", xml.out}, "catch2_xml");
  std::set<std::string> console_names, xml_names;
  for (const auto& metric : from_console.metrics()) {
    console_names.insert(metric.benchmark);
    EXPECT_LE(*metric.lower, metric.value) << metric.benchmark;
    EXPECT_LE(metric.value, *metric.upper) << metric.benchmark;
  }
  for (const auto& metric : from_xml.metrics()) xml_names.insert(metric.benchmark);
  EXPECT_EQ(console_names, xml_names);
  EXPECT_EQ(console_names.size(), 3u);
}

// Catch2 wraps a name wider than its column onto rows above the figures, and prints
// "Benchmark failed (...)" in place of the mean of a benchmark that threw.
TEST(Catch2ConsoleAdapter, WrappedNamesAndFailedBenchmarks) {
  const InputFile input{
      "console.txt",
      "-------------------------------------------------------------------------------\n"
      "Parsing\n"
      "-------------------------------------------------------------------------------\n"
      "bench.cpp:3\n"
      "...............................................................................\n"
      "\n"
      "benchmark name                       samples       iterations    estimated\n"
      "                                     mean          low mean      high mean\n"
      "                                     std dev       low std dev   high std dev\n"
      "-------------------------------------------------------------------------------\n"
      "a benchmark whose name is longer\n"
      "than its column                                100             1     2.5 ms \n"
      "                                        1.5 us        1.4 us        1.6 us \n"
      "                                        10 ns         9 ns          11 ns \n"
      "                                                                               \n"
      "throws                                         100             1     2.5 ms \n"
      "Benchmark failed (boom)\n"
      "                                                                               \n"
      "===============================================================================\n"};
  const auto sink = parse_detected(input, "catch2_console");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& wrapped =
      sink.find("Parsing/a benchmark whose name is longer than its column", "latency");
  EXPECT_DOUBLE_EQ(wrapped.value, 1500);
  EXPECT_EQ(wrapped.n, 100);
}

TEST(Catch2ConsoleAdapter, MalformedRowsNameTheLine) {
  const InputFile input{"console.txt",
                        "benchmark name      samples   iterations   estimated\n"
                        "-------------------------------------------------------------------\n"
                        "fib 10                   10          545     678 us\n"
                        "     fast ns    47 ns   48 ns\n"};
  CollectingSink sink;
  try {
    find_adapter("catch2_console")->parse(input, sink);
    ADD_FAILURE() << "accepted";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(),
                 "console.txt: line 4: expected the mean row: MEAN UNIT LOW UNIT HIGH UNIT");
  }
}

}  // namespace
}  // namespace perfwatch
