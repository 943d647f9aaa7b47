#include <gtest/gtest.h>

#include "model/insights.hpp"
#include "model/recommend.hpp"

namespace perfwatch::model {
namespace {

Option option(const std::string& testbed, double value, double low, double high,
              std::optional<double> cost) {
  Option o;
  o.testbed = testbed;
  o.value = value;
  o.low = low;
  o.high = high;
  o.predicted = low != high;
  o.work_per_second = 1000 / value;  // value: a latency in ms
  o.cost_per_hour = cost;
  return o;
}

TEST(RankOptions, SureThenLikelyThenMissingEachByCost) {
  const auto ranked =
      rank_options({option("slow", 30, 30, 30, 0.5), option("fast-dear", 5, 5, 5, 4.0),
                    option("mid", 8, 8, 8, 1.0), option("unsure", 9, 6, 12, 0.2)},
                   Goal::at_most, 10);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].option.testbed, "mid");  // 1.0/h at 125/s beats 4.0/h at 200/s
  EXPECT_EQ(ranked[1].option.testbed, "fast-dear");
  EXPECT_EQ(ranked[2].option.testbed, "unsure");  // its interval reaches past 10 ms
  EXPECT_TRUE(ranked[2].meets);
  EXPECT_FALSE(ranked[2].sure);
  EXPECT_EQ(ranked[3].option.testbed, "slow");
  EXPECT_FALSE(ranked[3].meets);
  EXPECT_NEAR(*ranked[0].cost_per_million, 1.0 / 3600 / 125 * 1e6, 1e-9);
}

TEST(RankOptions, WithoutEveryCostOrForHighestByValue) {
  const auto by_value = rank_options(
      {option("a", 8, 8, 8, 1.0), option("b", 5, 5, 5, std::nullopt)}, Goal::at_most, 10);
  EXPECT_EQ(by_value[0].option.testbed, "b");
  EXPECT_FALSE(by_value[0].cost_per_million);
  const auto lowest =
      rank_options({option("a", 8, 8, 8, 0.1), option("b", 5, 5, 5, 9.0)}, Goal::lowest, 0);
  EXPECT_EQ(lowest[0].option.testbed, "b");
}

TEST(Insights, RobustSpreadIgnoresOneWildValue) {
  EXPECT_FALSE(robust_spread({1, 2}));
  const auto spread = robust_spread({100, 101, 99, 100, 102, 98, 100, 500});
  ASSERT_TRUE(spread);
  EXPECT_NEAR(*spread, 1.4826 * 1 / 100, 1e-3);
}

TEST(Insights, AdviceScalesWithTheNoise) {
  EXPECT_NE(noise_advice(0.15, 30, true).find("dedicated testbed"), std::string::npos);
  EXPECT_NE(noise_advice(0.04, 30, true).find("take 4x more runs"), std::string::npos);
  EXPECT_NE(noise_advice(0.04, 30, true).find("instruction counts"), std::string::npos);
  EXPECT_EQ(noise_advice(0.04, 30, false).find("instruction counts"), std::string::npos);
  EXPECT_NE(noise_advice(0.01, 5, true).find("only 5 values"), std::string::npos);
}

TEST(Insights, LatestMoveAgainstTheMedianBefore) {
  const auto move = latest_move({10, 11, 9, 10, 15});
  ASSERT_TRUE(move);
  EXPECT_DOUBLE_EQ(move->before, 10);
  EXPECT_DOUBLE_EQ(move->change, 0.5);
  EXPECT_DOUBLE_EQ(latest_move({100, 100, 10, 10, 15}, 2)->before, 10);
  EXPECT_FALSE(latest_move({1}));
}

TEST(Insights, ScalingAnomalyIsTheTestbedUnlikeTheOthers) {
  const auto anomalies = scaling_anomalies({1.0, 1.0, 2.0, 1.25});
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0].index, 2u);
  EXPECT_DOUBLE_EQ(anomalies[0].typical, 1.0);
  EXPECT_TRUE(scaling_anomalies({1.0, 3.0}).empty());
}

TEST(Insights, ShrinkingMarginWithReportsLeftAtThatPace) {
  // 40% -> 12% of the limit in 8 reports (4 points a report), one wild report.
  const auto trend = shrinking_margin({0.40, 0.36, 0.32, 0.90, 0.24, 0.20, 0.16, 0.12});
  ASSERT_TRUE(trend);
  EXPECT_NEAR(trend->per_report, -0.04, 1e-12);
  EXPECT_NEAR(trend->latest, 0.12, 1e-12);
  EXPECT_NEAR(*trend->reports_left, 3, 1e-9);
  const auto gone = shrinking_margin({0.1, 0.05, 0.0, -0.05, -0.1});
  ASSERT_TRUE(gone);
  EXPECT_FALSE(gone->reports_left);
}

TEST(Insights, SteadyOrGrowingMarginsAreNotShrinking) {
  EXPECT_FALSE(shrinking_margin({0.3, 0.31, 0.29, 0.3, 0.305, 0.3}));
  EXPECT_FALSE(shrinking_margin({0.1, 0.2, 0.3, 0.4}));
  EXPECT_FALSE(shrinking_margin({0.4, 0.3, 0.2}));  // too few reports
}

}  // namespace
}  // namespace perfwatch::model
