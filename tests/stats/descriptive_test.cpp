#include "stats/descriptive.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "stats/reference/reference_values.hpp"
#include "stats/relative_near.hpp"

namespace perfwatch::stats {
namespace {

using testing::RelativeNear;

TEST(Descriptive, MatchesScipyOnEveryReferenceSample) {
  for (const reference::DescriptiveCase& expected : reference::kDescriptiveCases) {
    SCOPED_TRACE(expected.name);
    const std::span<const double> values = expected.values;
    EXPECT_TRUE(RelativeNear(mean(values), expected.mean));
    EXPECT_TRUE(RelativeNear(median(values), expected.median));
    EXPECT_TRUE(RelativeNear(variance(values), expected.variance));
    EXPECT_TRUE(RelativeNear(stddev(values), expected.stddev));
    EXPECT_TRUE(RelativeNear(minimum(values), expected.minimum));
    EXPECT_TRUE(RelativeNear(maximum(values), expected.maximum));
    EXPECT_TRUE(RelativeNear(quantile(values, 0.10), expected.q10));
    EXPECT_TRUE(RelativeNear(quantile(values, 0.25), expected.q25));
    EXPECT_TRUE(RelativeNear(quantile(values, 0.90), expected.q90));
    EXPECT_TRUE(RelativeNear(interquartile_range(values), expected.iqr));
    EXPECT_TRUE(RelativeNear(median_absolute_deviation(values, MadScale::raw), expected.mad_raw));
    EXPECT_TRUE(
        RelativeNear(median_absolute_deviation(values, MadScale::normal), expected.mad_normal));
    EXPECT_TRUE(RelativeNear(coefficient_of_variation(values), expected.cv));
  }
}

TEST(Descriptive, QuantileInterpolatesLinearlyBetweenOrderStatistics) {
  // Type 7: sorted 10, 20, 30, 40; p = 0.25 sits at position (n - 1) p = 0.75, three quarters
  // of the way from 10 to 20.
  const std::vector<double> values{40.0, 10.0, 20.0, 30.0};
  EXPECT_DOUBLE_EQ(*quantile(values, 0.25), 17.5);
  EXPECT_DOUBLE_EQ(*quantile(values, 0.0), 10.0);
  EXPECT_DOUBLE_EQ(*quantile(values, 1.0), 40.0);
  EXPECT_DOUBLE_EQ(*median(values), 25.0);
}

TEST(Descriptive, OnePointHasCentreButNoSpread) {
  const std::vector<double> one{7.0};
  EXPECT_DOUBLE_EQ(*mean(one), 7.0);
  EXPECT_DOUBLE_EQ(*median(one), 7.0);
  EXPECT_DOUBLE_EQ(*quantile(one, 0.9), 7.0);
  EXPECT_FALSE(variance(one));
  EXPECT_FALSE(stddev(one));
  EXPECT_FALSE(coefficient_of_variation(one));
}

TEST(Descriptive, EmptyInputGivesNoResult) {
  const std::vector<double> none;
  EXPECT_FALSE(mean(none));
  EXPECT_FALSE(median(none));
  EXPECT_FALSE(minimum(none));
  EXPECT_FALSE(maximum(none));
  EXPECT_FALSE(quantile(none, 0.5));
  EXPECT_FALSE(interquartile_range(none));
  EXPECT_FALSE(median_absolute_deviation(none));
}

TEST(Descriptive, NonFiniteValuesGiveNoResult) {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    const std::vector<double> values{1.0, bad, 3.0};
    EXPECT_FALSE(mean(values));
    EXPECT_FALSE(median(values));
    EXPECT_FALSE(minimum(values));
    EXPECT_FALSE(variance(values));
    EXPECT_FALSE(interquartile_range(values));
    EXPECT_FALSE(median_absolute_deviation(values, MadScale::normal));
  }
}

TEST(Descriptive, QuantileOutsideZeroToOneGivesNoResult) {
  const std::vector<double> values{1.0, 2.0};
  EXPECT_FALSE(quantile(values, -0.01));
  EXPECT_FALSE(quantile(values, 1.01));
  EXPECT_FALSE(quantile(values, std::numeric_limits<double>::quiet_NaN()));
}

TEST(Descriptive, CoefficientOfVariationNeedsNonZeroMean) {
  const std::vector<double> values{-1.0, 1.0};
  EXPECT_FALSE(coefficient_of_variation(values));
}

TEST(Descriptive, ConstantSampleHasZeroVarianceAndZeroMad) {
  const std::vector<double> values{3.0, 3.0, 3.0};
  EXPECT_DOUBLE_EQ(*variance(values), 0.0);
  EXPECT_DOUBLE_EQ(*median_absolute_deviation(values, MadScale::normal), 0.0);
  EXPECT_DOUBLE_EQ(*coefficient_of_variation(values), 0.0);
}

TEST(Descriptive, VarianceIsAccurateForLargeOffsets) {
  // Deviations -6, -3, 3, 6 from the mean: 90 / (n - 1) = 30. A one-pass sum of squares loses
  // those digits under the 1e9 offset; two passes keep them.
  const std::vector<double> values{1e9 + 4.0, 1e9 + 7.0, 1e9 + 13.0, 1e9 + 16.0};
  EXPECT_DOUBLE_EQ(*variance(values), 30.0);
}

}  // namespace
}  // namespace perfwatch::stats
