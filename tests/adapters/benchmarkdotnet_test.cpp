// The BenchmarkDotNet adapter against Bencher's test data (tests/fixtures/benchmarkdotnet, see
// its PROVENANCE.md); the expected numbers are those of the fixture files.
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_fixture(const std::string& name) {
  const auto input = read_input_file(testing::fixture("benchmarkdotnet/" + name).string());
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "benchmarkdotnet");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

std::string parse_error(std::string text) {
  InputFile input{"bdn.json", std::move(text)};
  CollectingSink sink;
  try {
    find_adapter("benchmarkdotnet")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

TEST(BenchmarkDotNetAdapter, MeanWithConfidenceIntervalInNanoseconds) {
  const auto sink = parse_fixture("two.json");
  EXPECT_EQ(sink.tool_version(), "BenchmarkDotNet 0.9.9.0");
  ASSERT_EQ(sink.metrics().size(), 2u);
  const auto& sleep10 =
      sink.find("BenchmarkDotNet.Samples.Intro.IntroJsonExport.Sleep10", "latency");
  EXPECT_EQ(sleep10.params_json, "{}");
  EXPECT_EQ(sleep10.measure.units, "ns");
  EXPECT_DOUBLE_EQ(sleep10.value, 10362283.085796878);
  EXPECT_DOUBLE_EQ(*sleep10.lower, 10342253.249292579);
  EXPECT_DOUBLE_EQ(*sleep10.upper, 10382312.922301177);
  EXPECT_EQ(sleep10.n, 20);
  EXPECT_TRUE(sleep10.samples.empty());  // this export has no Measurements
  const auto& sleep20 =
      sink.find("BenchmarkDotNet.Samples.Intro.IntroJsonExport.Sleep20", "latency");
  EXPECT_DOUBLE_EQ(sleep20.value, 20360791.931687497);
  EXPECT_DOUBLE_EQ(*sleep20.upper, 20381820.414785761);
}

TEST(BenchmarkDotNetAdapter, NullNamespaceLeavesTheMethodName) {
  const auto sink = parse_fixture("null_namespace.json");
  EXPECT_EQ(sink.tool_version(), "");
  ASSERT_EQ(sink.metrics().size(), 1u);
  const auto& metric = sink.metrics()[0];
  EXPECT_EQ(metric.benchmark, "NullNamespaceMethod");
  EXPECT_EQ(metric.measure.slug, "latency");
  EXPECT_DOUBLE_EQ(metric.value, 0);
  EXPECT_FALSE(metric.lower);
  EXPECT_EQ(metric.n, 0);
}

TEST(BenchmarkDotNetAdapter, WrongTypeNamesTheJsonPath) {
  const auto text = testing::read_file(testing::fixture("benchmarkdotnet/two.json"));
  const auto lower = text.find("\"Lower\": 20339763.448589232");
  ASSERT_NE(lower, std::string::npos);
  EXPECT_EQ(parse_error(text.substr(0, lower) + "\"Lower\": \"low\"" + text.substr(lower + 27)),
            "bdn.json: at Benchmarks[1].Statistics.ConfidenceInterval.Lower: expected a number");
  const auto null_text =
      testing::read_file(testing::fixture("benchmarkdotnet/null_namespace.json"));
  const auto name = null_text.find("\"NullNamespaceMethod\"");
  ASSERT_NE(name, std::string::npos);
  EXPECT_EQ(parse_error(null_text.substr(0, name) + "7" + null_text.substr(name + 21)),
            "bdn.json: at Benchmarks[0].Method: expected a string");
}

TEST(BenchmarkDotNetAdapter, TruncatedFileNamesLineAndColumn) {
  // two.json cut after the first 10 characters of line 2 ('    "Title').
  const auto text = testing::read_file(testing::fixture("benchmarkdotnet/two.json"));
  const auto message = parse_error(text.substr(0, text.find('\n') + 1 + 10));
  EXPECT_EQ(message.rfind("bdn.json: line 2, column 11: malformed JSON: ", 0), 0u) << message;
}

}  // namespace
}  // namespace perfwatch
