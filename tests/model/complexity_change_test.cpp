// compare_complexity on generated timings: 2% seeded noise around known growth laws.
#include "model/complexity_change.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace perfwatch::model {
namespace {

struct Timings {
  std::vector<double> n, y;
};

// y = 5 + scale * n^exponent at n = 64 .. 8192, times 1 + 2% normal noise.
Timings timings(double exponent, double scale, unsigned seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> noise(0, 0.02);
  Timings t;
  for (double n = 64; n <= 8192; n *= 2) {
    t.n.push_back(n);
    t.y.push_back((5 + scale * std::pow(n, exponent)) * (1 + noise(engine)));
  }
  return t;
}

TEST(CompareComplexity, LinearToPowerOneAndAHalfRosesEvenWhenFasterAtTheSizesMeasured) {
  const auto before = timings(1, 0.01, 1);
  // The same cost at the largest size, so every size measured is as fast or faster than before.
  const auto after = timings(1.5, 0.01 / std::sqrt(8192.0), 2);
  for (std::size_t k = 0; k < before.n.size(); ++k) EXPECT_LE(after.y[k], before.y[k] * 1.07);
  const auto change = compare_complexity(before.n, before.y, after.n, after.y);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->change, ExponentChange::rose);
  EXPECT_DOUBLE_EQ(change->before.i, 1);
  EXPECT_DOUBLE_EQ(change->after.i, 1.5);
  EXPECT_GT(change->after.i_interval->low, change->before.i_interval->high);
}

TEST(CompareComplexity, TheSameGrowthWithOtherNoiseIsNoChange) {
  for (unsigned seed = 3; seed < 8; ++seed) {
    const auto before = timings(1, 0.01, seed), after = timings(1, 0.01, seed + 100);
    EXPECT_FALSE(compare_complexity(before.n, before.y, after.n, after.y)) << seed;
  }
}

TEST(CompareComplexity, QuadraticToLinearFell) {
  const auto before = timings(2, 1e-4, 9), after = timings(1, 0.01, 10);
  const auto change = compare_complexity(before.n, before.y, after.n, after.y);
  ASSERT_TRUE(change);
  EXPECT_EQ(change->change, ExponentChange::fell);
}

TEST(CompareComplexity, FewerThanFourSizesIsNoVerdict) {
  const std::vector<double> n = {10, 100, 1000}, y = {1, 10, 100}, y2 = {1, 100, 10000};
  EXPECT_FALSE(compare_complexity(n, y, n, y2));
}

}  // namespace
}  // namespace perfwatch::model
