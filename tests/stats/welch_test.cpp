#include "stats/welch.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "stats/reference/reference_values.hpp"
#include "stats/relative_near.hpp"

namespace perfwatch::stats {
namespace {

using testing::RelativeNear;

TEST(Welch, MatchesScipyTtestIndWithUnequalVariances) {
  // Includes skewed against heavy-tailed samples, ties, and one sample with zero variance.
  for (const reference::WelchCase& expected : reference::kWelchCases) {
    SCOPED_TRACE(expected.name);
    const std::optional<WelchResult> result = welch_t_test(expected.a, expected.b);
    ASSERT_TRUE(result);
    EXPECT_TRUE(RelativeNear(result->t, expected.t));
    EXPECT_TRUE(RelativeNear(result->degrees_of_freedom, expected.df));
    EXPECT_TRUE(RelativeNear(result->p_value, expected.p_value));
  }
}

TEST(Welch, SwappingSamplesNegatesTAndKeepsP) {
  const std::optional<WelchResult> forward =
      welch_t_test(reference::k_normal_small, reference::k_heavy_tailed);
  const std::optional<WelchResult> backward =
      welch_t_test(reference::k_heavy_tailed, reference::k_normal_small);
  ASSERT_TRUE(forward && backward);
  EXPECT_DOUBLE_EQ(forward->t, -backward->t);
  EXPECT_DOUBLE_EQ(forward->p_value, backward->p_value);
}

TEST(Welch, BothSamplesConstantGivesNoResult) {
  EXPECT_FALSE(welch_t_test(std::vector<double>{1.0, 1.0, 1.0}, std::vector<double>{2.0, 2.0}));
}

TEST(Welch, FewerThanTwoValuesOrNonFiniteGivesNoResult) {
  const std::vector<double> ok{1.0, 2.0, 3.0};
  EXPECT_FALSE(welch_t_test(std::vector<double>{1.0}, ok));
  EXPECT_FALSE(welch_t_test(ok, std::vector<double>{}));
  EXPECT_FALSE(
      welch_t_test(ok, std::vector<double>{1.0, std::numeric_limits<double>::quiet_NaN()}));
}

}  // namespace
}  // namespace perfwatch::stats
