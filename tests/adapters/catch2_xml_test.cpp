// The Catch2 XML adapter against real output of tests/harnesses/catch2 (Debian's Catch2 2.13),
// run here with -r xml; the expected numbers come from the same XML, read with pugixml.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

std::string run_harness() {
  auto result = testing::run_command({CATCH2_HARNESS, "-r", "xml", "--benchmark-samples", "10"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

std::string parse_error(std::string text) {
  InputFile input{"catch2.xml", std::move(text)};
  CollectingSink sink;
  try {
    find_adapter("catch2_xml")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

class Catch2XmlAdapterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { text_ = new std::string(run_harness()); }
  static void TearDownTestSuite() { delete text_; }
  static std::string* text_;
};
std::string* Catch2XmlAdapterTest::text_ = nullptr;

TEST_F(Catch2XmlAdapterTest, MapsEveryBenchmarkOfRealOutput) {
  InputFile input{"catch2.xml", *text_};
  const Adapter& adapter = detect_adapter(input);
  ASSERT_EQ(adapter.name(), "catch2_xml");
  CollectingSink sink;
  adapter.parse(input, sink);
  EXPECT_EQ(sink.tool_version(), "Catch2");  // 2.x writes no version attribute

  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(text_->c_str()));
  const std::pair<const char*, const char*> expected[] = {
      {"fib 10", "Fibonacci/fib 10"},
      {"fib 15", "Fibonacci/deeper/fib 15"},
      {"accumulate", "Vector sum/ints/1000/accumulate"}};
  ASSERT_EQ(sink.metrics().size(), 3u);
  for (const auto& [name, qualified] : expected) {
    SCOPED_TRACE(qualified);
    const auto results =
        document.select_node((std::string("//BenchmarkResults[@name='") + name + "']").c_str())
            .node();
    ASSERT_TRUE(results);
    const auto mean = results.child("mean");
    const auto& metric = sink.find(qualified, "latency");
    EXPECT_EQ(metric.params_json, "{}");
    EXPECT_EQ(metric.measure.units, "ns");
    EXPECT_DOUBLE_EQ(metric.value, mean.attribute("value").as_double());
    EXPECT_DOUBLE_EQ(*metric.lower, mean.attribute("lowerBound").as_double());
    EXPECT_DOUBLE_EQ(*metric.upper, mean.attribute("upperBound").as_double());
    EXPECT_EQ(metric.n, 10);
    EXPECT_EQ(results.attribute("samples").as_int(), 10);
    EXPECT_TRUE(metric.samples.empty());
  }
}

TEST_F(Catch2XmlAdapterTest, BadNumberNamesLineAndColumnOfTheElement) {
  // The first <mean> of the real output with a value that is not a number.
  const auto mean = text_->find("<mean value=\"");
  ASSERT_NE(mean, std::string::npos);
  const auto value = mean + 13;
  auto text = text_->substr(0, value) + "fast" + text_->substr(text_->find('"', value));
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t at = 0; at < mean; ++at) {
    if (text[at] == '\n') {
      ++line;
      line_start = at + 1;
    }
  }
  // pugixml places an element at its name, one past the '<'.
  EXPECT_EQ(parse_error(text), "catch2.xml: line " + std::to_string(line) + ", column " +
                                   std::to_string(mean - line_start + 2) +
                                   ": <mean>: expected a number in its value attribute");
}

TEST_F(Catch2XmlAdapterTest, TruncatedFileNamesLineAndColumn) {
  // The real output cut after its first three lines (declaration, <Catch>, <Group>): pugixml
  // stops at the newline that ends line 3, where the unclosed elements should have ended.
  std::size_t cut = 0;
  for (int line = 1; line < 3; ++line) cut = text_->find('\n', cut) + 1;
  const auto line3_length = text_->find('\n', cut) - cut;
  const auto message = parse_error(text_->substr(0, cut + line3_length + 1));
  EXPECT_EQ(message, "catch2.xml: line 3, column " + std::to_string(line3_length + 1) +
                         ": malformed XML: Start-end tags mismatch");
}

}  // namespace
}  // namespace perfwatch
