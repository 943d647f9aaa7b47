// perfwatch.toml's [[threshold]] and [[slo]] tables, and the units objectives are written in.
#include "detect/config.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "detect/quantity.hpp"
#include "support/test_support.hpp"

namespace perfwatch::detect {
namespace {

using perfwatch::testing::ScratchDir;
using perfwatch::testing::write_file;

// The message of the InputError `read` throws, or "no error".
template <typename Read>
std::string error_of(Read read) {
  try {
    read();
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

TEST(Objective, ReadsMeasureDirectionLimitAndUnit) {
  const auto throughput = parse_objective("throughput >= 80 MiB/s", "here");
  EXPECT_EQ(throughput.measure, "throughput");
  EXPECT_TRUE(throughput.at_least);
  EXPECT_DOUBLE_EQ(throughput.limit, 80);
  EXPECT_EQ(throughput.unit, "MiB/s");

  const auto latency = parse_objective("latency.p99<=5ms", "here");
  EXPECT_EQ(latency.measure, "latency.p99");
  EXPECT_FALSE(latency.at_least);
  EXPECT_DOUBLE_EQ(latency.limit, 5);
  EXPECT_EQ(latency.unit, "ms");

  EXPECT_EQ(parse_objective("ratio >= 2.5", "here").unit, "");
}

TEST(Objective, OtherShapesAreRefusedNamingWhere) {
  for (const char* text :
       {"throughput > 80", "throughput >= fast", ">= 80", "latency = 5 ms", "latency <= inf"}) {
    const auto message = error_of([&] { parse_objective(text, "perfwatch.toml: line 3"); });
    EXPECT_NE(message.find("perfwatch.toml: line 3"), std::string::npos) << text << ": " << message;
    EXPECT_NE(message.find("MEASURE >= NUMBER"), std::string::npos) << message;
  }
}

TEST(UnitFactor, ConvertsTimeSizesRatesAndCounts) {
  EXPECT_DOUBLE_EQ(*unit_factor("ms", "ns"), 1e6);
  EXPECT_DOUBLE_EQ(*unit_factor("us", "ns"), 1e3);
  EXPECT_DOUBLE_EQ(*unit_factor("", "ns"), 1);
  EXPECT_DOUBLE_EQ(*unit_factor("MiB/s", "B/s"), 1024.0 * 1024);
  EXPECT_DOUBLE_EQ(*unit_factor("MB/s", "B/s"), 1e6);
  EXPECT_DOUBLE_EQ(*unit_factor("KiB/op", "B/op"), 1024);
  EXPECT_DOUBLE_EQ(*unit_factor("GiB", "bytes"), 1024.0 * 1024 * 1024);
  EXPECT_DOUBLE_EQ(*unit_factor("Mops/s", "ops/s"), 1e6);
  EXPECT_DOUBLE_EQ(*unit_factor("k items/s", "items/s"), 1e3);
  EXPECT_DOUBLE_EQ(*unit_factor("M", "count"), 1e6);
}

TEST(UnitFactor, DifferentKindsDoNotConvert) {
  EXPECT_FALSE(unit_factor("MiB/s", "ns"));
  EXPECT_FALSE(unit_factor("ms", "B/s"));
  EXPECT_FALSE(unit_factor("MiB", "B/s"));      // a size is not a rate
  EXPECT_FALSE(unit_factor("MiB/s", "ops/s"));  // bytes are not operations
  EXPECT_FALSE(unit_factor("furlongs", "count"));
}

TEST(DetectionConfig, ReadsThresholdsAndObjectivesInFileOrder) {
  ScratchDir dir;
  write_file(dir / "perfwatch.toml", R"(
[[benchmark]]            # the runner's table: not read here
name = "parse"
command = ["./parse"]

[[threshold]]
branch = "main"
measure = "latency"
test = "percentage"
upper = 0.1
window = 20
window_days = 7
min_samples = 3

[[threshold]]
test = "z_score"
lower = 3
upper = 3

[[slo]]
benchmark = "parse*"
objective = "throughput >= 80 MiB/s"
)");
  const auto config = read_detection_config(dir / "perfwatch.toml");
  ASSERT_EQ(config.thresholds.size(), 2u);
  const auto& first = config.thresholds[0];
  EXPECT_EQ(first.branch, "main");
  EXPECT_EQ(first.measure, "latency");
  EXPECT_EQ(first.test, "percentage");
  EXPECT_FALSE(first.lower_boundary);
  EXPECT_DOUBLE_EQ(*first.upper_boundary, 0.1);
  EXPECT_EQ(first.window_reports, 20);
  EXPECT_EQ(*first.window_seconds, 7 * 86400);
  EXPECT_EQ(first.min_sample_size, 3);
  EXPECT_NE(first.origin.find("line 6"), std::string::npos) << first.origin;
  EXPECT_EQ(config.thresholds[1].test, "z_score");
  ASSERT_EQ(config.objectives.size(), 1u);
  EXPECT_EQ(config.objectives[0].benchmark, "parse*");
  EXPECT_EQ(config.objectives[0].unit, "MiB/s");
  EXPECT_NE(config.objectives[0].origin.find("line 22"), std::string::npos)
      << config.objectives[0].origin;
}

TEST(DetectionConfig, MistakesNameTheFileAndLine) {
  ScratchDir dir;
  const auto path = dir / "perfwatch.toml";
  const auto error_for = [&](const std::string& text) {
    write_file(path, text);
    return error_of([&] { read_detection_config(path); });
  };
  EXPECT_NE(error_for("[[threshold]]\ntest = \"iqr\"\nupper = 3\nwindw = 4\n")
                .find("line 4, column 9: unknown key 'windw'"),
            std::string::npos);
  EXPECT_NE(error_for("[[threshold]]\ntest = \"magic\"\nupper = 3\n").find("line 1"),
            std::string::npos);
  EXPECT_NE(error_for("[[threshold]]\nupper = \"3\"\n")
                .find("line 2, column 9: upper must be a "
                      "number"),
            std::string::npos);
  EXPECT_NE(error_for("[[slo]]\nbenchmark = \"x\"\n").find("needs an objective"),
            std::string::npos);
  EXPECT_NE(error_for("[[slo]]\nobjective = \"speed is good\"\n").find("line 2"),
            std::string::npos);
  EXPECT_NE(error_for("threshold = 3\n").find("array of tables"), std::string::npos);
  const auto syntax = error_for("[[slo]\n");
  EXPECT_NE(syntax.find(path.string() + ": line 1"), std::string::npos) << syntax;
}

TEST(DetectionConfig, MeasureTablesDeclareDirections) {
  ScratchDir dir;
  write_file(dir / "perfwatch.toml", R"(
[[measure]]
name = "cmp_rate"
direction = "higher"

[[measure]]
name = "cache_misses"
direction = "lower_is_better"
)");
  const auto config = read_detection_config(dir / "perfwatch.toml");
  EXPECT_EQ(config.directions.direction_of("cmp_rate", Direction::unknown),
            Direction::higher_is_better);
  EXPECT_EQ(config.directions.direction_of("cache_misses", Direction::unknown),
            Direction::lower_is_better);
  EXPECT_EQ(config.directions.direction_of("elements", Direction::unknown), Direction::unknown);
}

TEST(DetectionConfig, BadMeasureTablesNameTheFileAndLine) {
  ScratchDir dir;
  const auto path = dir / "perfwatch.toml";
  const auto error_for = [&](const std::string& text) {
    write_file(path, text);
    return error_of([&] { read_detection_config(path); });
  };
  EXPECT_EQ(error_for("[[measure]]\nname = \"cmp_rate\"\ndirection = \"up\"\n"),
            path.string() +
                ": line 3, column 13: direction of measure 'cmp_rate' must be \"lower\" or "
                "\"higher\" (which is better), not 'up'");
  EXPECT_NE(error_for("[[measure]]\nname = \"x\"\ndirection = \"unknown\"\n").find("line 3"),
            std::string::npos);
  EXPECT_NE(error_for("[[measure]]\nname = \"x\"\n")
                .find(": line 1, column 1: [[measure]] 'x' "
                      "needs a direction"),
            std::string::npos);
  EXPECT_NE(error_for("[[measure]]\ndirection = \"lower\"\n").find("needs a name"),
            std::string::npos);
  EXPECT_NE(error_for("[[measure]]\nname = \"x\"\ndirection = \"lower\"\nunits = \"ns\"\n")
                .find("line 4, column 9: unknown key 'units' in [[measure]]"),
            std::string::npos);
  const auto twice = error_for(
      "[[measure]]\nname = \"x\"\ndirection = \"lower\"\n"
      "[[measure]]\nname = \"x\"\ndirection = \"higher\"\n");
  EXPECT_NE(twice.find("line 6, column 13: measure 'x' is declared higher_is_better here and "
                       "lower_is_better at " +
                       path.string() + ": line 3"),
            std::string::npos)
      << twice;
}

}  // namespace
}  // namespace perfwatch::detect
