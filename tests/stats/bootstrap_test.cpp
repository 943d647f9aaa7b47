#include "stats/bootstrap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "stats/descriptive.hpp"
#include "stats/reference/reference_values.hpp"

// Bootstrap intervals depend on the resampling stream, which differs from SciPy's, so these
// tests pin properties (determinism, coverage, ordering) rather than reference numbers.
namespace perfwatch::stats {
namespace {

std::vector<double> NormalSample(std::uint64_t seed, std::size_t count, double centre,
                                 double spread) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> distribution(centre, spread);
  std::vector<double> values(count);
  for (double& value : values) value = distribution(engine);
  return values;
}

TEST(Bootstrap, SameSeedGivesSameInterval) {
  const std::span<const double> values = reference::k_lognormal_skewed;
  const std::optional<ConfidenceInterval> first = bootstrap_median(values, 42);
  const std::optional<ConfidenceInterval> second = bootstrap_median(values, 42);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->lower, second->lower);
  EXPECT_EQ(first->upper, second->upper);
  EXPECT_EQ(first->estimate, second->estimate);
}

TEST(Bootstrap, DifferentSeedsResampleDifferently) {
  const std::span<const double> values = reference::k_lognormal_skewed;
  const std::optional<ConfidenceInterval> first = bootstrap_mean(values, 1);
  const std::optional<ConfidenceInterval> second = bootstrap_mean(values, 2);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->lower != second->lower || first->upper != second->upper);
}

TEST(Bootstrap, IntervalsBracketTheirEstimate) {
  const std::span<const double> values = reference::k_heavy_tailed;
  for (const auto& interval : {bootstrap_mean(values, 7), bootstrap_median(values, 7)}) {
    ASSERT_TRUE(interval);
    EXPECT_LE(interval->lower, interval->estimate);
    EXPECT_GE(interval->upper, interval->estimate);
    EXPECT_LT(interval->lower, interval->upper);
  }
  EXPECT_DOUBLE_EQ(bootstrap_mean(values, 7)->estimate, *mean(values));
  EXPECT_DOUBLE_EQ(bootstrap_median(values, 7)->estimate, *median(values));
}

TEST(Bootstrap, LargeTightSampleIntervalContainsItsMedianAndIsNarrow) {
  const std::vector<double> values = NormalSample(11, 2000, 1000.0, 1.0);
  const std::optional<ConfidenceInterval> interval = bootstrap_median(values, 3);
  ASSERT_TRUE(interval);
  EXPECT_LE(interval->lower, *median(values));
  EXPECT_GE(interval->upper, *median(values));
  EXPECT_LT(interval->upper - interval->lower, 0.2);  // standard error of the median ~ 0.028
}

TEST(Bootstrap, HigherConfidenceGivesWiderInterval) {
  const std::span<const double> values = reference::k_normal_small;
  const std::optional<ConfidenceInterval> narrow = bootstrap_mean(values, 5, {10000, 0.80});
  const std::optional<ConfidenceInterval> wide = bootstrap_mean(values, 5, {10000, 0.99});
  ASSERT_TRUE(narrow && wide);
  EXPECT_LT(wide->lower, narrow->lower);
  EXPECT_GT(wide->upper, narrow->upper);
}

TEST(Bootstrap, MeanIntervalCoversTheTrueMeanAtRoughlyItsLevel) {
  // 200 samples of 30 from N(50, 5): a 90 % interval should cover 50 about 180 times. The
  // percentile bootstrap under-covers a little at n = 30; 160..195 leaves room for that and for
  // chance (binomial sd ~ 4) while catching an interval that is wrong by a lot.
  int covered = 0;
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    const std::vector<double> values = NormalSample(1000 + trial, 30, 50.0, 5.0);
    const std::optional<ConfidenceInterval> interval = bootstrap_mean(values, trial, {1000, 0.90});
    ASSERT_TRUE(interval);
    if (interval->lower <= 50.0 && 50.0 <= interval->upper) ++covered;
  }
  EXPECT_GE(covered, 160);
  EXPECT_LE(covered, 195);
}

TEST(Bootstrap, MedianRatioSeesAFivePercentSlowdown) {
  const std::vector<double> baseline = NormalSample(21, 200, 100.0, 2.0);
  const std::vector<double> candidate = NormalSample(22, 200, 105.0, 2.0);
  const std::optional<ConfidenceInterval> ratio = bootstrap_median_ratio(baseline, candidate, 9);
  ASSERT_TRUE(ratio);
  EXPECT_DOUBLE_EQ(ratio->estimate, *median(candidate) / *median(baseline));
  EXPECT_GT(ratio->lower, 1.0);  // slower beyond doubt
  EXPECT_LE(ratio->lower, 1.05);
  EXPECT_GE(ratio->upper, 1.05);
}

TEST(Bootstrap, MedianRatioOfSameDistributionContainsOne) {
  const std::vector<double> baseline = NormalSample(31, 100, 100.0, 3.0);
  const std::vector<double> candidate = NormalSample(32, 100, 100.0, 3.0);
  const std::optional<ConfidenceInterval> ratio = bootstrap_median_ratio(baseline, candidate, 4);
  ASSERT_TRUE(ratio);
  EXPECT_LE(ratio->lower, 1.0);
  EXPECT_GE(ratio->upper, 1.0);
}

TEST(Bootstrap, DegenerateInputGivesNoResult) {
  const std::vector<double> ok{1.0, 2.0, 3.0};
  EXPECT_FALSE(bootstrap_mean(std::vector<double>{1.0}, 0));
  EXPECT_FALSE(bootstrap_mean(std::vector<double>{2.0, 2.0, 2.0}, 0));
  EXPECT_FALSE(
      bootstrap_median(std::vector<double>{1.0, std::numeric_limits<double>::quiet_NaN()}, 0));
  EXPECT_FALSE(bootstrap_mean(ok, 0, {0, 0.95}));
  EXPECT_FALSE(bootstrap_mean(ok, 0, {100, 1.0}));
  EXPECT_FALSE(bootstrap_mean(ok, 0, {100, 0.0}));
  EXPECT_FALSE(bootstrap_median_ratio(std::vector<double>{0.0, 1.0}, ok, 0));
  EXPECT_FALSE(bootstrap_median_ratio(ok, std::vector<double>{-1.0, 1.0}, 0));
}

}  // namespace
}  // namespace perfwatch::stats
