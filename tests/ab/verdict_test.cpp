#include "ab/verdict.hpp"

#include <gtest/gtest.h>

#include <random>

#include "ab/thresholds.hpp"

namespace perfwatch::ab {
namespace {

// Pairs whose candidate is `factor` times the base, with log-normal noise of `spread` on each.
std::vector<Pair> generated_pairs(int n, double factor, double spread, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> noise(0, spread);
  std::vector<Pair> pairs;
  for (int i = 0; i < n; ++i)
    pairs.push_back({100 * std::exp(noise(generator)), 100 * factor * std::exp(noise(generator))});
  return pairs;
}

Verdict verdict_of(const std::vector<Pair>& pairs) {
  return decide(*summarise_pairs(pairs, 1), {.min_change = 0.01});
}

TEST(Verdict, ClearSlowdownIsDifferent) {
  const auto pairs = generated_pairs(30, 1.10, 0.01, 1);
  const auto summary = summarise_pairs(pairs, 1);
  ASSERT_TRUE(summary);
  EXPECT_NEAR(summary->ratio, 1.10, 0.01);
  EXPECT_LT(summary->ratio_lower, 1.10);
  EXPECT_GT(summary->ratio_upper, 1.10);
  EXPECT_EQ(decide(*summary), Verdict::different);
}

TEST(Verdict, IdenticalSidesWithEnoughPairsAreSame) {
  EXPECT_EQ(verdict_of(generated_pairs(60, 1.0, 0.005, 2)), Verdict::same);
}

TEST(Verdict, NoisyFewPairsAreUnknown) {
  EXPECT_EQ(verdict_of(generated_pairs(6, 1.03, 0.05, 3)), Verdict::unknown);
}

TEST(Verdict, SignificantButTooSmallIsSame) {
  // 0.2 % slower with almost no noise: the test sees it, the minimum change says it does not
  // matter.
  EXPECT_EQ(verdict_of(generated_pairs(40, 1.002, 0.0002, 4)), Verdict::same);
}

// Recorded from ab_bench (idle machine with a busy loop, +3 % work): ten pairs whose interval is
// wholly beyond the minimum change but whose p-value is above the high threshold.
TEST(Verdict, IntervalBeyondTheMinimumChangeIsNeverSame) {
  PairedSummary summary;
  summary.pairs = 10;
  summary.ratio = 1.03139;
  summary.ratio_lower = 1.02593;
  summary.ratio_upper = 1.03373;
  summary.p_value = 0.084;
  summary.log_ratio_spread = 0.00496;
  EXPECT_EQ(decide(summary, {.min_change = 0.01}), Verdict::unknown);
}

TEST(Thresholds, HighThresholdFallsWithPairsAndMagnitude) {
  EXPECT_EQ(high_threshold(10, 0.05), 1.0);
  const double few = high_threshold(10, 1.0), many = high_threshold(40, 1.0);
  EXPECT_GT(few, many);
  EXPECT_GT(high_threshold(20, 0.5), high_threshold(20, 1.5));
  EXPECT_GT(few, 0);
  EXPECT_LT(few, 1);
  // Remembered: asking again gives the same value.
  EXPECT_EQ(high_threshold(10, 1.0), few);
  EXPECT_EQ(high_threshold(10, 1.04), few);  // rounded down to 1.0
}

TEST(Thresholds, RealChangeOfTheMagnitudeIsRarelyCalledSame) {
  // Independent of the simulation's seed: 400 new sets of 20 log ratios one deviation off zero;
  // about 1 % may exceed the threshold (allow 3 %: binomial(400, 0.01) exceeds 12 with
  // probability ~1e-4).
  std::mt19937_64 generator(99);
  std::normal_distribution<double> noise(1.0, 1.0);
  const double threshold = high_threshold(20, 1.0);
  int above = 0;
  for (int i = 0; i < 400; ++i) {
    std::vector<double> logs(20);
    for (auto& v : logs) v = noise(generator);
    if (wilcoxon_signed_rank(logs)->p_value > threshold) ++above;
  }
  EXPECT_LE(above, 12);
}

}  // namespace
}  // namespace perfwatch::ab
