// The iai-callgrind adapter against summaries checked in under tests/fixtures/iai_callgrind/
// (see its PROVENANCE.md): a first run (old values N/A), a run with changes, and every Callgrind
// event and rate.
#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

CollectingSink parse_fixture(const std::string& name) {
  const auto input = read_input_file(testing::fixture("iai_callgrind/" + name).string());
  const Adapter& adapter = detect_adapter(input);
  EXPECT_EQ(adapter.name(), "iai_callgrind");
  CollectingSink sink;
  adapter.parse(input, sink);
  return sink;
}

const OwnedMetric& find(const CollectingSink& sink, const std::string& params,
                        const std::string& measure) {
  for (const auto& metric : sink.metrics()) {
    if (metric.params_json == params && metric.measure.slug == measure) return metric;
  }
  ADD_FAILURE() << params << " " << measure << " not found";
  static const OwnedMetric none;
  return none;
}

constexpr const char* kFibonacci = "rust_iai_callgrind::bench_fibonacci_group::bench_fibonacci";

TEST(IaiCallgrindAdapter, FirstRunReadsTheNewValues) {
  const auto sink = parse_fixture("two.txt");
  ASSERT_EQ(sink.metrics().size(), 12u);  // 2 benchmarks x 6 figures
  for (const auto& metric : sink.metrics()) EXPECT_EQ(metric.benchmark, kFibonacci);
  const std::string shorter = R"({"args":"10","id":"short"})";
  const std::string longer = R"({"args":"30","id":"long"})";
  EXPECT_DOUBLE_EQ(find(sink, shorter, "instructions").value, 1734);
  EXPECT_EQ(find(sink, shorter, "instructions").measure.units, "count");
  EXPECT_EQ(find(sink, shorter, "instructions").measure.direction, Direction::lower_is_better);
  EXPECT_DOUBLE_EQ(find(sink, longer, "instructions").value, 26214734);
  EXPECT_DOUBLE_EQ(find(sink, longer, "estimated_cycles").value, 35638724);
  EXPECT_DOUBLE_EQ(find(sink, longer, "total_read_write").value, 35638622);
  EXPECT_DOUBLE_EQ(find(sink, longer, "ram_hits").value, 3);
  EXPECT_EQ(find(sink, longer, "l1_hits").measure.direction, Direction::unknown);
  EXPECT_EQ(sink.tool_version(), "iai-callgrind");
}

TEST(IaiCallgrindAdapter, WithChangesReadsTheNewValueNotTheOld) {
  const auto sink = parse_fixture("change.txt");
  ASSERT_EQ(sink.metrics().size(), 12u);
  EXPECT_DOUBLE_EQ(find(sink, R"({"args":"10","id":"short"})", "instructions").value, 1650);
  EXPECT_DOUBLE_EQ(find(sink, R"({"args":"30","id":"long"})", "l1_hits").value, 34367375);
}

TEST(IaiCallgrindAdapter, EveryEventAndRateAndTrailingTextIgnored) {
  const auto sink = parse_fixture("callgrind-all.txt");
  const std::string wb = R"({"id":"all_with_wb"})";
  EXPECT_DOUBLE_EQ(find(sink, wb, "instructions").value, 1);
  EXPECT_DOUBLE_EQ(find(sink, wb, "dr").value, 2);
  EXPECT_DOUBLE_EQ(find(sink, wb, "dldmw").value, 33);
  const auto& miss_rate = find(sink, wb, "i1_miss_rate");
  EXPECT_DOUBLE_EQ(miss_rate.value, 10);
  EXPECT_EQ(miss_rate.measure.units, "%");
  EXPECT_EQ(miss_rate.measure.direction, Direction::lower_is_better);
  EXPECT_EQ(find(sink, wb, "l1_hit_rate").measure.direction, Direction::higher_is_better);
  std::size_t with_wb = 0;
  for (const auto& metric : sink.metrics()) with_wb += metric.params_json == wb;
  EXPECT_EQ(with_wb, 33u);
}

TEST(IaiCallgrindAdapter, MalformedFiguresNameTheLine) {
  const auto refusal = [](const std::string& text) {
    const InputFile input{"iai.txt", text};
    CollectingSink sink;
    try {
      find_adapter("iai_callgrind")->parse(input, sink);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal("a::b id:1\n  Instructions:     lots|N/A  (*********)\n"),
            "iai.txt: line 2: expected a number before '|' for Instructions");
  EXPECT_EQ(refusal("  Instructions:     12|N/A  (*********)\n"),
            "iai.txt: line 1: expected a benchmark's name before its figures");
}

}  // namespace
}  // namespace perfwatch
