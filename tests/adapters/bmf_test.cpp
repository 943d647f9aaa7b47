#include <gtest/gtest.h>

#include <string>

#include "adapters/adapter.hpp"
#include "adapters/input_window.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

InputFile text_input(std::string text) {
  InputFile input{"inline.json", std::move(text)};
  return input;
}

// The message the BMF adapter refuses `text` with.
std::string refusal(const std::string& text) {
  CollectingSink sink;
  try {
    find_adapter("bmf")->parse(text_input(text), sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "read: " << text;
  return {};
}

// A BMF document of `benchmarks` benchmarks with two measures each, one per line, several
// times larger than the pieces the adapter parses at a time; `last` ends the last benchmark.
std::string many_benchmarks(int benchmarks, const std::string& last) {
  std::string text = "{\n";
  for (int index = 0; index < benchmarks; ++index) {
    const auto name = "bench_" + std::to_string(index);
    text += "\"" + name + "\": {\"latency\": {\"value\": " + std::to_string(index) +
            ", \"lower_value\": 1, \"upper_value\": 2}, \"hits\": {\"value\": 0.5, \"units\": "
            "\"count\", \"direction\": \"higher\"" +
            (index + 1 < benchmarks ? "}},\n" : last);
  }
  return text;
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

TEST(BmfAdapter, ReadsALargeFileInPiecesAWindowAtATime) {
  testing::ScratchDir dir;
  testing::write_file(dir / "large.json", many_benchmarks(20000, "}}\n}\n"));
  const auto input = read_input_file((dir / "large.json").string());
  ASSERT_GT(input.text.size(), 2 * InputWindow::kDefaultBytes);
  CollectingSink sink;
  find_adapter("bmf")->parse(input, sink);
  ASSERT_EQ(sink.metrics().size(), 40000u);
  EXPECT_DOUBLE_EQ(sink.find("bench_19999", "latency").value, 19999);
  EXPECT_DOUBLE_EQ(*sink.find("bench_12500", "latency").upper, 2);
  const auto& hits = sink.find("bench_4321", "hits");
  EXPECT_EQ(hits.measure.units, "count");
  EXPECT_EQ(hits.measure.direction, Direction::higher_is_better);
}

TEST(BmfAdapter, ABenchmarkLargerThanTheWindowIsReadWhole) {
  std::string text = "{\"small\": {\"latency\": {\"value\": 1}}, \"huge\": {";
  const int measures = 40000;  // ~1.5 MiB of one benchmark
  for (int index = 0; index < measures; ++index) {
    text += (index ? ", " : "") + std::string("\"m") + std::to_string(index) +
            "\": {\"value\": " + std::to_string(index) + ", \"units\": \"count\"}";
  }
  text += "}, \"last\": {\"latency\": {\"value\": 3}}}";
  ASSERT_GT(text.size(), InputWindow::kDefaultBytes);
  testing::ScratchDir dir;
  testing::write_file(dir / "huge.json", text);
  CollectingSink sink;
  find_adapter("bmf")->parse(read_input_file((dir / "huge.json").string()), sink);
  ASSERT_EQ(sink.metrics().size(), measures + 2u);
  EXPECT_DOUBLE_EQ(sink.find("huge", "m39999").value, 39999);
  EXPECT_DOUBLE_EQ(sink.find("last", "latency").value, 3);
}

TEST(BmfAdapter, ErrorsPastTheFirstWindowNameTheirPlace) {
  auto text = many_benchmarks(20000, "}}\n}\n");
  text.replace(text.size() - 2, 1, "]");
  testing::ScratchDir dir;
  testing::write_file(dir / "broken.json", text);
  CollectingSink sink;
  try {
    find_adapter("bmf")->parse(read_input_file((dir / "broken.json").string()), sink);
    ADD_FAILURE() << "read";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("line 20002, column 1: malformed JSON"),
              std::string::npos)
        << error.what();
  }
}

TEST(BmfAdapter, ErrorsFarIntoAFileNameTheirPlace) {
  // The last benchmark's value is a string: its path, though the benchmarks before it were read.
  EXPECT_EQ(refusal(many_benchmarks(3000, "}, \"x\": {\"value\": \"7\"}}\n}\n")),
            "inline.json: at bench_2999.x.value: expected a number");
  // A syntax error on the last line: its line and column, even with a wrong type before it.
  auto text = many_benchmarks(3000, "}}\n}\n");
  text.replace(text.find("\"value\": 1,"), 11, "\"value\": \"1\",");
  text.replace(text.size() - 2, 1, "]");
  EXPECT_EQ(refusal(text).rfind("inline.json: line 3002, column 1: malformed JSON", 0), 0u)
      << refusal(text);
  EXPECT_EQ(refusal(many_benchmarks(3000, "}}\n},\n}\n")).rfind("inline.json: line 3002", 0), 0u);
  EXPECT_EQ(refusal(many_benchmarks(3000, "}}\n}\n}\n")).rfind("inline.json: line 3003", 0), 0u);
}

TEST(BmfAdapter, ShapeErrorsNameThePath) {
  EXPECT_EQ(refusal(R"({"a": {"latency": {"value": 1}}, "b": 5})"),
            "inline.json: at b: expected an object");
  EXPECT_EQ(refusal(R"({"a": {"latency": [1]}})"), "inline.json: at a.latency: expected an object");
  EXPECT_EQ(refusal(R"([{"a": {"latency": {"value": 1}}}])"),
            "inline.json: at top level: expected an object");
  EXPECT_EQ(refusal(R"({"a": {"ratio": {"value": 1, "direction": "up"}}})"),
            "inline.json: at a.ratio.direction: expected \"lower\" or \"higher\"");
  EXPECT_EQ(refusal(R"({"a": {"ratio": {"value": 1, "units": 5}}})"),
            "inline.json: at a.ratio.units: expected a string");
  EXPECT_EQ(
      refusal(
          "{\"a\": {\"latency\": {\"value\": 1}},\n \"b\": {\"latency\": {\"value\": -1e309}}}"),
      "inline.json: line 2, column 29: number out of range: -1e309; expected a number a "
      "double can hold");
}

TEST(BmfAdapter, EscapedNamesAreUnescaped) {
  auto input = text_input(R"({"a\"b\u00e9": {"lat\u0065ncy": {"value": 2, "lower_value": null}}})");
  CollectingSink sink;
  find_adapter("bmf")->parse(input, sink);
  const auto& metric = sink.find("a\"b\xc3\xa9", "latency");
  EXPECT_DOUBLE_EQ(metric.value, 2);
  EXPECT_FALSE(metric.lower);
}

}  // namespace
}  // namespace perfwatch
