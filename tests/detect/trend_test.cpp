// The trend test (detect/trend.hpp) alone and through judge_series, on generated values: every
// value is drawn here from a seeded generator or written out, none is timed.
#include "detect/trend.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "detect/verdict.hpp"

namespace perfwatch::detect {
namespace {

// `count` values of relative Gaussian noise `cv` around 1.
std::vector<double> factors(std::size_t count, double cv, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, cv);
  std::vector<double> values(count);
  for (auto& value : values) value = 1 + normal(random);
  return values;
}

TEST(Trend, RampOfHalfTheNoisePerValueIsSignificant) {
  std::vector<double> ramp;
  for (int i = 1; i <= 20; ++i) ramp.push_back(100 + 0.5 * i + (i % 2 ? 1.0 : -1.0));
  const auto up = ramp_test(ramp, 100, 80, 2, 79, 1);
  ASSERT_TRUE(up);
  EXPECT_LT(up->p_value, 1e-6);
  EXPECT_NEAR(up->slope, 0.5, 0.05);
  EXPECT_NEAR(up->after, 110, 1);
  const auto down = ramp_test(ramp, 100, 80, 2, 79, -1);  // the other side
  ASSERT_TRUE(down);
  EXPECT_GT(down->p_value, 0.5);
}

TEST(Trend, FlatNoiseIsNoRamp) {
  int significant = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    auto values = factors(20, 0.02, seed);
    for (auto& value : values) value *= 100;
    const auto ramp = ramp_test(values, 100, 80, 2, 79, 1);
    ASSERT_TRUE(ramp);
    significant += ramp->p_value < 0.01;
  }
  EXPECT_LE(significant, 8);  // 2 expected at 1 %
}

TEST(Trend, StepOrSpikeAtTheEndIsNoRamp) {
  std::vector<double> values(8, 100.0);
  values.push_back(120);
  values.push_back(120);
  const auto step = ramp_test(values, 100, 80, 2, 79, 1);
  ASSERT_TRUE(step);
  EXPECT_EQ(step->p_value, 1);
  std::vector<double> spiked(20, 100.0);
  spiked[15] = 160;  // 30 noise deviations, clipped to 4
  const auto spike = ramp_test(spiked, 100, 80, 2, 79, 1);
  ASSERT_TRUE(spike);
  EXPECT_GT(spike->p_value, 1e-3);
  EXPECT_FALSE(ramp_test(spiked, 100, 80, 0, 79, 1));  // no noise: no test
}

// Replays `values` from `from` on against the 100 before each, as check does.
std::vector<SeriesVerdict> replay(const std::vector<double>& values, std::size_t from) {
  std::vector<SeriesVerdict> verdicts;
  for (std::size_t i = from; i < values.size(); ++i) {
    const auto begin = i > 100 ? i - 100 : 0;
    verdicts.push_back(
        judge_series(std::span<const double>(values).subspan(begin, i - begin), values[i], {}, {}));
  }
  return verdicts;
}

// The gradual regression: 0.5 % a commit over 20 commits on 2 % noise, 10 series.
TEST(Trend, DriftIsRedAsADriftWithinItsTwentyCommits) {
  int caught = 0, as_drift = 0;
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    auto values = factors(120, 0.02, seed);
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] *= 100 * std::pow(1.005, static_cast<double>(i < 100 ? 0 : i - 99));
    }
    const auto verdicts = replay(values, 100);
    const auto red = std::find_if(verdicts.begin(), verdicts.end(),
                                  [](const auto& v) { return v.status == Status::red; });
    if (red == verdicts.end()) continue;
    ++caught;
    as_drift += red->step && red->step->gradual;
  }
  EXPECT_GE(caught, 8);
  EXPECT_GE(as_drift, 1);  // some are caught as a step of the newest values first
}

TEST(Trend, FlatNoiseIsNeverADrift) {
  for (std::uint64_t seed = 30; seed < 50; ++seed) {
    auto values = factors(160, 0.02, seed);
    for (auto& value : values) value *= 100;
    for (const auto& verdict : replay(values, 100)) {
      EXPECT_FALSE(verdict.status == Status::red && verdict.step && verdict.step->gradual)
          << "seed " << seed;
    }
  }
}

// A step is reported as a step, on every report it stays red, never also as a drift.
TEST(Trend, StepIsNeverCalledADrift) {
  for (std::uint64_t seed = 60; seed < 70; ++seed) {
    auto values = factors(130, 0.02, seed);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] *= i < 100 ? 100 : 110;
    int reds = 0;
    for (const auto& verdict : replay(values, 100)) {
      if (verdict.status != Status::red) continue;
      ++reds;
      ASSERT_TRUE(verdict.step);
      EXPECT_FALSE(verdict.step->gradual) << "seed " << seed;
    }
    EXPECT_GT(reds, 0) << "seed " << seed;
  }
}

}  // namespace
}  // namespace perfwatch::detect
