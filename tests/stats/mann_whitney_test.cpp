#include "stats/mann_whitney.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "stats/reference/reference_values.hpp"
#include "stats/relative_near.hpp"

namespace perfwatch::stats {
namespace {

using testing::RelativeNear;

MannWhitneyMethod ToMethod(int scipy_method) {
  switch (scipy_method) {
    case 1:
      return MannWhitneyMethod::exact;
    case 2:
      return MannWhitneyMethod::asymptotic;
    default:
      return MannWhitneyMethod::automatic;
  }
}

// Exact p-values are sums of exact counts over C(n_a + n_b, n_a), asymptotic ones the normal
// tail; both are the same maths as SciPy's, so 1e-9 relative holds for every case, tiny exact
// tails (p ~ 1e-11) included.
TEST(MannWhitney, MatchesScipyForAutoExactAndAsymptoticMethods) {
  for (const reference::MannWhitneyCase& expected : reference::kMannWhitneyCases) {
    SCOPED_TRACE(::testing::Message() << expected.name << " method " << expected.method);
    const std::optional<MannWhitneyResult> result =
        mann_whitney_u(expected.a, expected.b, ToMethod(expected.method));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->exact, expected.exact_chosen);
    EXPECT_TRUE(RelativeNear(result->u1, expected.u1));
    EXPECT_TRUE(RelativeNear(result->p_value, expected.p_value));
  }
}

TEST(MannWhitney, AutomaticChoosesExactOnlyForSmallSamplesWithoutTies) {
  const std::vector<double> eight{1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<double> nine{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
  const std::vector<double> nine_more{0.25, 1.25, 2.25, 3.25, 4.25, 5.25, 6.25, 7.25, 8.25};
  EXPECT_TRUE(mann_whitney_u(eight, nine)->exact);       // one sample has 8 values
  EXPECT_FALSE(mann_whitney_u(nine, nine_more)->exact);  // both have more than 8
  const std::vector<double> tied{2.0, 9.5, 10.0};
  EXPECT_FALSE(mann_whitney_u(eight, tied)->exact);  // 2.0 is in both samples
}

TEST(MannWhitney, ExactIsRefusedWithTies) {
  EXPECT_FALSE(mann_whitney_u(std::vector<double>{1.0, 2.0, 3.0}, std::vector<double>{3.0, 4.0},
                              MannWhitneyMethod::exact));
}

TEST(MannWhitney, IdenticalSamplesHaveNoEvidenceOfDifference) {
  const std::vector<double> values{1.0, 2.0, 3.0, 4.0};
  const std::optional<MannWhitneyResult> result = mann_whitney_u(values, values);
  ASSERT_TRUE(result);
  EXPECT_DOUBLE_EQ(result->p_value, 1.0);  // capped: U is exactly its mean
}

TEST(MannWhitney, AllValuesEqualGivesNoResult) {
  EXPECT_FALSE(mann_whitney_u(std::vector<double>{2.0, 2.0}, std::vector<double>{2.0, 2.0, 2.0}));
}

TEST(MannWhitney, FewerThanTwoValuesOrNonFiniteGivesNoResult) {
  const std::vector<double> ok{1.0, 2.0, 3.0};
  EXPECT_FALSE(mann_whitney_u(std::vector<double>{1.0}, ok));
  EXPECT_FALSE(
      mann_whitney_u(ok, std::vector<double>{2.5, std::numeric_limits<double>::infinity()}));
}

}  // namespace
}  // namespace perfwatch::stats
