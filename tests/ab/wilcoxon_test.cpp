#include "ab/wilcoxon.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace perfwatch::ab {
namespace {

// Darwin's Zea mays differences (cross- minus self-fertilised heights, in eighths of an inch),
// the example of SciPy's wilcoxon documentation, which gives statistic 24 and the exact p-value
// 0.041259765625 for them.
const std::vector<double> kDarwin = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};

TEST(Wilcoxon, ExactMatchesScipyDocumentation) {
  const auto result = wilcoxon_signed_rank(kDarwin);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->exact);
  EXPECT_DOUBLE_EQ(result->statistic, 24);
  EXPECT_DOUBLE_EQ(result->p_value, 0.041259765625);
}

// The exact p-value by enumerating all 2^n sign assignments: an independent count.
double brute_force_p(int n, double t) {
  long at_most = 0;
  for (long mask = 0; mask < (1L << n); ++mask) {
    double sum = 0;
    for (int rank = 1; rank <= n; ++rank)
      if (mask & (1L << (rank - 1))) sum += rank;
    if (sum <= t) ++at_most;
  }
  return std::min(1.0, 2.0 * static_cast<double>(at_most) / static_cast<double>(1L << n));
}

TEST(Wilcoxon, ExactMatchesEnumeration) {
  for (int n : {1, 5, 9, 12}) {
    for (int negatives = 0; negatives <= n; negatives += 2) {
      std::vector<double> d;
      for (int i = 1; i <= n; ++i) d.push_back(i <= negatives ? -i : i);
      const auto result = wilcoxon_signed_rank(d);
      ASSERT_TRUE(result);
      EXPECT_NEAR(result->p_value, brute_force_p(n, result->statistic), 1e-15)
          << "n=" << n << " negatives=" << negatives;
    }
  }
}

TEST(Wilcoxon, SmallestPValue) {
  EXPECT_DOUBLE_EQ(smallest_exact_p(8), 2.0 / 256);
  const std::vector<double> all_positive = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank(all_positive)->p_value, smallest_exact_p(8));
}

// Ties force the normal approximation. Hand computation for d = {1, 1, 2, 2, -3, 4, 4, 5, 6, -7}:
// ranks of |d|: 1.5 1.5 3.5 3.5 5 6.5 6.5 8 9 10; R- = 5 + 10 = 15 = T; mean 10*11/4 = 27.5; tie
// groups of 2, 2, 2 give sum(t^3 - t) = 18, variance 10*11*21/24 - 18/48 = 96.25 - 0.375 =
// 95.875; z = (27.5 - 15 - 0.5) / sqrt(95.875) = 1.22555; p = erfc(z / sqrt 2) = 0.22037.
TEST(Wilcoxon, NormalApproximationWithTiesMatchesHandComputation) {
  const std::vector<double> d = {1, 1, 2, 2, -3, 4, 4, 5, 6, -7};
  const auto result = wilcoxon_signed_rank(d);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->exact);
  EXPECT_DOUBLE_EQ(result->statistic, 15);
  EXPECT_NEAR(result->p_value, 0.22037, 1e-5);
}

TEST(Wilcoxon, LargeSamplesUseTheNormalApproximation) {
  std::vector<double> d;
  for (int i = 1; i <= 60; ++i) d.push_back(i % 3 == 0 ? -i : i);
  const auto result = wilcoxon_signed_rank(d);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->exact);
  EXPECT_LT(result->p_value, 0.05);
}

TEST(Wilcoxon, ZerosDroppedAndDegenerateInputEmpty) {
  const std::vector<double> with_zeros = {0, 0, 1, 2, 3};
  EXPECT_EQ(wilcoxon_signed_rank(with_zeros)->n, 3);
  const std::vector<double> zeros = {0, 0};
  EXPECT_FALSE(wilcoxon_signed_rank(zeros));
  const std::vector<double> nan = {1, NAN};
  EXPECT_FALSE(wilcoxon_signed_rank(nan));
}

}  // namespace
}  // namespace perfwatch::ab
