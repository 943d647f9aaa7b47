#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

InputFile text_input(std::string text) {
  InputFile input{"inline.json", std::move(text)};
  return input;
}

TEST(BmfAdapter, ReadsBencherFixtureWithBounds) {
  const auto input = read_input_file(testing::fixture("bmf/report_latency.json").string());
  const Adapter& adapter = detect_adapter(input);
  ASSERT_EQ(adapter.name(), "bmf");
  CollectingSink sink;
  adapter.parse(input, sink);
  ASSERT_EQ(sink.metrics().size(), 3u);
  const auto& a = sink.find("tests::benchmark_a", "latency");
  EXPECT_DOUBLE_EQ(a.value, 3247.0);
  EXPECT_DOUBLE_EQ(*a.lower, 1044.0);
  EXPECT_DOUBLE_EQ(*a.upper, 1044.0);
  EXPECT_EQ(a.measure.units, "ns");
  EXPECT_EQ(a.measure.direction, Direction::lower_is_better);
}

TEST(BmfAdapter, CustomMeasureKeepsDeclaredUnitsAndDirection) {
  auto input = text_input(
      R"({"zstd/level3": {"compression_ratio": {"value": 3.1, "units": "x", "direction": "higher"},
                          "throughput": {"value": 5e8}}})");
  CollectingSink sink;
  find_adapter("bmf")->parse(input, sink);
  const auto& ratio = sink.find("zstd/level3", "compression_ratio");
  EXPECT_EQ(ratio.measure.units, "x");
  EXPECT_EQ(ratio.measure.direction, Direction::higher_is_better);
  EXPECT_FALSE(ratio.lower);
  EXPECT_EQ(sink.find("zstd/level3", "throughput").measure.direction, Direction::higher_is_better);
}

TEST(BmfAdapter, CustomMeasureWithoutDirectionIsUnknown) {
  auto input = text_input(R"({"sort": {"cmp_rate": {"value": 4.2e8, "units": "cmp/s"}}})");
  CollectingSink sink;
  find_adapter("bmf")->parse(input, sink);
  EXPECT_EQ(sink.find("sort", "cmp_rate").measure.direction, Direction::unknown);
}

TEST(BmfAdapter, MissingValueNamesThePath) {
  auto input = text_input(R"({"bench": {"latency": {"lower_value": 1}}})");
  CollectingSink sink;
  try {
    find_adapter("bmf")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_STREQ(error.what(), "inline.json: at bench.latency.value: expected a number");
  }
}

TEST(BmfAdapter, TruncatedJsonNamesLineAndColumn) {
  auto input = text_input("{\"bench\": {\"latency\": {\"value\": 1");
  CollectingSink sink;
  try {
    find_adapter("bmf")->parse(input, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("inline.json: line 1, column 34: malformed JSON"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace perfwatch
