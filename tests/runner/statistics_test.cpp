#include "runner/statistics.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "runner/executor.hpp"

namespace perfwatch::runner {
namespace {

TEST(Statistics, SummarisesSamples) {
  // Reference values: numpy.mean/median/std(ddof=1)/percentile (linear), scipy.stats
  // median_abs_deviation (scale=1) of [1, 2, 3, 4, 100].
  const std::vector<double> samples = {1, 2, 3, 4, 100};
  const auto summary = summarise(samples);
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->n, 5u);
  EXPECT_DOUBLE_EQ(summary->mean, 22);
  EXPECT_DOUBLE_EQ(summary->median, 3);
  EXPECT_DOUBLE_EQ(summary->min, 1);
  EXPECT_DOUBLE_EQ(summary->max, 100);
  EXPECT_DOUBLE_EQ(summary->p95, 80.8);
  EXPECT_DOUBLE_EQ(summary->p99, 96.16);
  EXPECT_DOUBLE_EQ(summary->mad, 1);
  EXPECT_NEAR(*summary->stddev, 43.617656975128774, 1e-12);
  EXPECT_EQ(summary->outliers, (std::vector<std::size_t>{4}));
  EXPECT_FALSE(summarise(std::vector<double>{}));
  const auto one = summarise(std::vector<double>{5});
  ASSERT_TRUE(one);
  EXPECT_FALSE(one->stddev);
}

TEST(Statistics, WarnsAboutSlowFirstRunOutliersAndNoise) {
  const std::vector<double> cold = {300, 100, 101, 99, 100, 100, 102, 98};
  const auto summary = summarise(cold);
  const auto warnings = timing_warnings(cold, *summary, {});
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_NE(warnings[0].find("first run much slower"), std::string::npos);
  EXPECT_NE(warnings[1].find("1 statistical outlier of 8 runs"), std::string::npos);
  EXPECT_NE(warnings[2].find("coefficient of variation"), std::string::npos);

  const std::vector<double> three = {100, 100.5, 140};
  EXPECT_EQ(summarise(three)->outliers.size(), 1u);
  for (const auto& warning : timing_warnings(three, *summarise(three), {})) {
    EXPECT_EQ(warning.find("outlier"), std::string::npos) << "too few runs to call one an outlier";
  }

  const std::vector<double> steady = {100, 101, 99, 100, 100, 102, 98, 100};
  EXPECT_TRUE(timing_warnings(steady, *summarise(steady), {}).empty());
  EXPECT_EQ(timing_warnings(steady, *summarise(steady), WarningLimits{0.5, 1.5}).size(), 1u);
}

TEST(Statistics, ReadsCallgrindSummaryLinesOfEveryProcess) {
  EXPECT_EQ(callgrind_instructions({"version: 1\nevents: Ir\nsummary: 1500\ntotals: 1500\n",
                                    "events: Ir\nsummary: 250\n"}),
            1750);
  EXPECT_FALSE(callgrind_instructions({"events: Ir\n"}));
}

}  // namespace
}  // namespace perfwatch::runner
