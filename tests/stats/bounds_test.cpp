#include "stats/bounds.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "stats/reference/reference_values.hpp"
#include "stats/relative_near.hpp"

namespace perfwatch::stats {
namespace {

using testing::RelativeNear;

TEST(Bounds, MatchReferenceForEveryTest) {
  // The reference uses z k = 2, percentage 10 %, IQR and delta-IQR k = 1.5, log-normal k = 2.
  for (const reference::BoundsCase& expected : reference::kBoundsCases) {
    SCOPED_TRACE(expected.name);
    const std::span<const double> history = expected.history;

    const std::optional<Limits> z = z_score_limits(history, 2.0);
    ASSERT_TRUE(z);
    EXPECT_TRUE(RelativeNear(z->lower, expected.z_lower));
    EXPECT_TRUE(RelativeNear(z->upper, expected.z_upper));
    const double probe = *std::ranges::max_element(history) * 1.1;
    EXPECT_TRUE(RelativeNear(z_score(history, probe), expected.z_of_probe));

    const std::optional<Limits> percentage = percentage_limits(history, 0.10);
    ASSERT_TRUE(percentage);
    EXPECT_TRUE(RelativeNear(percentage->lower, expected.percentage_lower));
    EXPECT_TRUE(RelativeNear(percentage->upper, expected.percentage_upper));

    const std::optional<Limits> iqr = iqr_limits(history, 1.5);
    ASSERT_TRUE(iqr);
    EXPECT_TRUE(RelativeNear(iqr->lower, expected.iqr_lower));
    EXPECT_TRUE(RelativeNear(iqr->upper, expected.iqr_upper));

    const std::optional<Limits> delta = delta_iqr_limits(history, 1.5);
    ASSERT_TRUE(delta);
    EXPECT_TRUE(RelativeNear(delta->lower, expected.delta_iqr_lower));
    EXPECT_TRUE(RelativeNear(delta->upper, expected.delta_iqr_upper));

    const std::optional<Limits> log_normal = log_normal_limits(history, 2.0);
    ASSERT_TRUE(log_normal);
    EXPECT_TRUE(RelativeNear(log_normal->baseline, expected.log_normal_baseline));
    EXPECT_TRUE(RelativeNear(log_normal->lower, expected.log_normal_lower));
    EXPECT_TRUE(RelativeNear(log_normal->upper, expected.log_normal_upper));

    const std::optional<Limits> t = t_test_limits(history, 0.99);
    ASSERT_TRUE(t);
    EXPECT_TRUE(RelativeNear(t->lower, expected.t_lower));
    EXPECT_TRUE(RelativeNear(t->upper, expected.t_upper));
  }
}

TEST(Bounds, StaticLimitsAreTheGivenValues) {
  const std::optional<Limits> limits = static_limits(-5.0, 5.0);
  ASSERT_TRUE(limits);
  EXPECT_FALSE(limits->baseline);
  EXPECT_EQ(limits->lower, -5.0);
  EXPECT_EQ(limits->upper, 5.0);
  EXPECT_FALSE(static_limits(5.0, -5.0));
  EXPECT_FALSE(static_limits(0.0, std::numeric_limits<double>::infinity()));
}

TEST(Bounds, LogNormalLimitsAreGeometricallySymmetric) {
  const std::optional<Limits> limits = log_normal_limits(reference::k_lognormal_skewed, 2.0);
  ASSERT_TRUE(limits);
  EXPECT_TRUE(RelativeNear(*limits->baseline / limits->lower, limits->upper / *limits->baseline));
}

TEST(Bounds, ConstantHistoryGivesNoSpreadBasedLimits) {
  const std::vector<double> history{10.0, 10.0, 10.0, 10.0};
  EXPECT_FALSE(z_score_limits(history, 2.0));
  EXPECT_FALSE(z_score(history, 11.0));
  EXPECT_FALSE(iqr_limits(history, 1.5));
  EXPECT_FALSE(delta_iqr_limits(history, 1.5));
  EXPECT_FALSE(log_normal_limits(history, 2.0));
  EXPECT_FALSE(t_test_limits(history, 0.99));
  // The percentage test needs no spread.
  EXPECT_TRUE(percentage_limits(history, 0.05));
}

TEST(Bounds, TooShortHistoryGivesNoResult) {
  const std::vector<double> one{10.0};
  EXPECT_FALSE(z_score_limits(one, 2.0));
  EXPECT_FALSE(iqr_limits(one, 1.5));
  EXPECT_FALSE(log_normal_limits(one, 2.0));
  EXPECT_FALSE(t_test_limits(one, 0.99));
  EXPECT_FALSE(t_test_limits(std::vector<double>{1.0, 2.0}, 1.0));       // confidence must be < 1
  EXPECT_FALSE(delta_iqr_limits(std::vector<double>{10.0, 12.0}, 1.5));  // one change only
  EXPECT_FALSE(percentage_limits(std::vector<double>{}, 0.1));
}

TEST(Bounds, InvalidInputGivesNoResult) {
  const std::vector<double> history{1.0, 2.0, 4.0, 3.0};
  EXPECT_FALSE(z_score_limits(history, -1.0));
  EXPECT_FALSE(iqr_limits(history, std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(percentage_limits(history, -0.1));
  EXPECT_FALSE(z_score(history, std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(log_normal_limits(std::vector<double>{1.0, 0.0, 2.0}, 2.0));
  EXPECT_FALSE(delta_iqr_limits(std::vector<double>{1.0, 0.0, 2.0, 3.0}, 1.5));
  EXPECT_FALSE(
      z_score_limits(std::vector<double>{1.0, std::numeric_limits<double>::quiet_NaN()}, 2.0));
}

}  // namespace
}  // namespace perfwatch::stats
