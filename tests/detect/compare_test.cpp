// detect::compare on generated samples: a known shift must be found with the right sign, and
// equal distributions must not be.
#include "detect/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace perfwatch::detect {
namespace {

Series timings(double centre, double spread, int count, std::uint64_t seed,
               Direction direction = Direction::lower_is_better) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> noise(0.0, spread);
  Series series{"ns", direction, centre, {}};
  for (int i = 0; i < count; ++i) series.samples.push_back(centre + noise(random));
  return series;
}

SeriesKey key(const std::string& benchmark, const std::string& measure = "latency") {
  return {benchmark, "{}", measure};
}

TEST(Compare, TenPercentSlowerIsWorseWithAnIntervalAroundIt) {
  const ComparisonSide base = {{key("parse"), timings(1000, 10, 10, 1)}};
  const ComparisonSide candidate = {{key("parse"), timings(1100, 10, 10, 2)}};
  const auto comparison = compare(base, candidate);
  ASSERT_EQ(comparison.series.size(), 1u);
  const auto& parse = comparison.series[0];
  EXPECT_EQ(parse.change, Change::worse);
  EXPECT_LT(*parse.p_value, 0.001);
  EXPECT_LT(*parse.ratio_lower, 1.1);
  EXPECT_GT(*parse.ratio_upper, 1.05);
  EXPECT_NEAR(comparison.geomean_ratio.at("latency"), parse.ratio, 1e-12);
}

TEST(Compare, HigherThroughputIsBetter) {
  const ComparisonSide base = {
      {key("parse", "throughput"), timings(100, 1, 8, 3, Direction::higher_is_better)}};
  const ComparisonSide candidate = {
      {key("parse", "throughput"), timings(120, 1, 8, 4, Direction::higher_is_better)}};
  EXPECT_EQ(compare(base, candidate).series[0].change, Change::better);
}

// A counter 5% higher, clearly beyond the noise: undeclared until its direction is declared.
TEST(Compare, UnknownDirectionIsUndeclaredUntilDeclared) {
  const ComparisonSide base = {
      {key("sort", "cmp_rate"), timings(1000, 5, 10, 1, Direction::unknown)}};
  const ComparisonSide candidate = {
      {key("sort", "cmp_rate"), timings(1050, 5, 10, 2, Direction::unknown)}};
  const auto undeclared = compare(base, candidate);
  EXPECT_EQ(undeclared.series[0].change, Change::undeclared);
  EXPECT_LT(*undeclared.series[0].p_value, 0.001);  // still measured and shown
  EXPECT_EQ(undeclared.undeclared_measures(), std::vector<std::string>{"cmp_rate"});

  CompareOptions options;
  options.directions.declare_flag("cmp_rate=higher", "--direction");
  const auto declared = compare(base, candidate, options);
  EXPECT_EQ(declared.series[0].direction, Direction::higher_is_better);
  EXPECT_EQ(declared.series[0].change, Change::better);
  EXPECT_TRUE(declared.undeclared_measures().empty());
}

TEST(Compare, SameDistributionIsNoChangeInNearlyAllTrials) {
  int flagged = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    const ComparisonSide base = {{key("x"), timings(1000, 20, 10, 2 * trial + 10)}};
    const ComparisonSide candidate = {{key("x"), timings(1000, 20, 10, 2 * trial + 11)}};
    flagged += compare(base, candidate).series[0].change != Change::same;
  }
  EXPECT_LE(flagged, 20);  // alpha = 0.05: about 10 of 200 expected
}

TEST(Compare, SingleValuesAreUnsureAndUnmatchedSeriesAreListed) {
  const ComparisonSide base = {{key("a"), Series{"ns", Direction::lower_is_better, 10, {}}},
                               {key("gone"), Series{"ns", Direction::lower_is_better, 1, {}}}};
  const ComparisonSide candidate = {{key("a"), Series{"ns", Direction::lower_is_better, 20, {}}},
                                    {key("new"), Series{"ns", Direction::lower_is_better, 1, {}}}};
  const auto comparison = compare(base, candidate);
  ASSERT_EQ(comparison.series.size(), 1u);
  EXPECT_EQ(comparison.series[0].change, Change::unsure);
  EXPECT_DOUBLE_EQ(comparison.series[0].ratio, 2.0);
  EXPECT_EQ(comparison.only_base, std::vector<SeriesKey>{key("gone")});
  EXPECT_EQ(comparison.only_candidate, std::vector<SeriesKey>{key("new")});
}

TEST(Compare, GeometricMeanOfRatios) {
  const ComparisonSide base = {{key("a"), Series{"ns", Direction::lower_is_better, 10, {}}},
                               {key("b"), Series{"ns", Direction::lower_is_better, 10, {}}}};
  const ComparisonSide candidate = {{key("a"), Series{"ns", Direction::lower_is_better, 20, {}}},
                                    {key("b"), Series{"ns", Direction::lower_is_better, 5, {}}}};
  EXPECT_NEAR(compare(base, candidate).geomean_ratio.at("latency"), 1.0, 1e-12);
}

}  // namespace
}  // namespace perfwatch::detect
