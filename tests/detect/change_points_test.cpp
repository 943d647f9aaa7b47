// Change points on generated series with steps of known place and size.
#include "detect/change_points.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace perfwatch::detect {
namespace {

// levels[i] for `length` values each, with Gaussian noise of relative spread `cv`.
std::vector<double> steps(const std::vector<double>& levels, std::size_t length, double cv,
                          std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  std::vector<double> series;
  for (const double level : levels) {
    for (std::size_t i = 0; i < length; ++i) series.push_back(level * (1 + cv * noise(random)));
  }
  return series;
}

// Ranks of distinct values, 0 for the smallest.
std::vector<double> ranks_of(const std::vector<double>& values) {
  std::vector<double> ranks;
  for (const double value : values) {
    ranks.push_back(static_cast<double>(
        std::count_if(values.begin(), values.end(), [&](double other) { return other < value; })));
  }
  return ranks;
}

// Q of the split at `split`, straight from the definition: O(n^2).
double naive_q(const std::vector<double>& values, std::size_t split) {
  const double m = static_cast<double>(split), n = static_cast<double>(values.size() - split);
  double between = 0, within_left = 0, within_right = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (std::size_t j = i + 1; j < values.size(); ++j) {
      const double distance = std::fabs(values[i] - values[j]);
      if (j < split) {
        within_left += distance;
      } else if (i >= split) {
        within_right += distance;
      } else {
        between += distance;
      }
    }
  }
  return m * n / (m + n) *
         (2 / (m * n) * between - within_left / (m * (m - 1) / 2) -
          within_right / (n * (n - 1) / 2));
}

TEST(ChangePoints, FastSplitIsTheArgmaxOfTheDefinition) {
  const auto values = ranks_of(steps({100, 104, 99}, 20, 0.03, 7));
  std::size_t best = 0;
  double best_q = -1;
  for (std::size_t split = 3; split + 3 <= values.size(); ++split) {
    if (const double q = naive_q(values, split); q > best_q) {
      best_q = q;
      best = split;
    }
  }
  const auto split = best_energy_split(values, 3);
  ASSERT_TRUE(split);
  EXPECT_EQ(split->index, best);
  EXPECT_NEAR(split->q, best_q, 1e-9 * best_q);
}

TEST(ChangePoints, FindsAFivePercentStepInTwoPercentNoise) {
  const auto series = steps({100, 105}, 60, 0.02, 1);
  const auto points = find_change_points(series);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_NEAR(static_cast<double>(points[0].index), 60.0, 6.0);  // 2.5 sigma: a few runs off
  EXPECT_NEAR(points[0].change(), 0.05, 0.015);
  EXPECT_LT(points[0].p_value, 0.001);
}

TEST(ChangePoints, FindsSeveralStepsInOrder) {
  const auto points = find_change_points(steps({100, 90, 110, 110}, 50, 0.01, 2));
  ASSERT_EQ(points.size(), 2u);
  EXPECT_NEAR(static_cast<double>(points[0].index), 50.0, 1.0);
  EXPECT_NEAR(static_cast<double>(points[1].index), 100.0, 1.0);
  EXPECT_NEAR(points[0].before, 100, 1);
  EXPECT_NEAR(points[0].after, 90, 1);
  EXPECT_NEAR(points[1].after, 110, 1);
}

TEST(ChangePoints, NoiseAloneAndLoneOutliersAreNoChange) {
  for (std::uint64_t seed = 10; seed < 20; ++seed) {
    auto series = steps({100}, 500, 0.02, seed);
    series[250] = 1000;    // one wild run in the middle
    series.back() = 1000;  // and the newest
    EXPECT_TRUE(find_change_points(series).empty()) << "seed " << seed;
  }
}

TEST(ChangePoints, UpdatingExaminesTheTailAndAgreesWithAFullRun) {
  const auto series = steps({100, 120, 80}, 40, 0.01, 3);
  const auto first_part = std::span(series).first(80);
  const auto known = find_change_points(first_part);
  ASSERT_EQ(known.size(), 1u);
  const auto updated = update_change_points(series, known);
  const auto full = find_change_points(series);
  ASSERT_EQ(updated.size(), full.size());
  for (std::size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(updated[i].index, full[i].index);
    EXPECT_DOUBLE_EQ(updated[i].before, full[i].before);
    EXPECT_DOUBLE_EQ(updated[i].after, full[i].after);
  }
}

}  // namespace
}  // namespace perfwatch::detect
