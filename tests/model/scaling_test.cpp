#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/complexity.hpp"
#include "model/threads.hpp"

namespace perfwatch::model {
namespace {

std::vector<double> noisy(const std::vector<double>& n, double (*f)(double), double noise,
                          std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> error(0, noise);
  std::vector<double> y;
  for (double v : n) y.push_back(f(v) * (1 + error(engine)));
  return y;
}

const std::vector<double> sizes = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

TEST(ComplexityClass, FindsTheClassOfTheData) {
  EXPECT_EQ(fit_complexity_class(sizes, noisy(
                                            sizes, [](double n) { return 2 * n * n; }, 0.02, 1))
                ->name,
            "O(n^2)");
  EXPECT_EQ(
      fit_complexity_class(sizes, noisy(
                                      sizes, [](double n) { return n * std::log2(n); }, 0.01, 2))
          ->name,
      "O(n log n)");
  EXPECT_EQ(fit_complexity_class(sizes, noisy(
                                            sizes, [](double) { return 5.0; }, 0.01, 3))
                ->name,
            "O(1)");
  EXPECT_FALSE(fit_complexity_class({8, 8}, {1, 2}));
}

TEST(ExtraP, RecoversExponentAndCoefficientsWithIntervalsThatHoldThem) {
  const auto y = noisy(
      sizes, [](double n) { return 40 + 0.5 * std::pow(n, 1.5); }, 0.01, 4);
  const auto model = fit_extrap(sizes, y);
  ASSERT_TRUE(model);
  EXPECT_DOUBLE_EQ(model->i, 1.5);
  EXPECT_DOUBLE_EQ(model->j, 0);
  EXPECT_NEAR(model->c1, 0.5, 0.02);
  ASSERT_TRUE(model->c1_interval && model->i_interval);
  EXPECT_LE(model->i_interval->low, 1.5);
  EXPECT_GE(model->i_interval->high, 1.5);
  EXPECT_EQ(model->formula().find("n^(3/2)") != std::string::npos, true) << model->formula();
}

TEST(ExtraP, CoefficientIntervalsHoldTheTruthAboutAsOftenAsTheySay) {
  // Additive normal noise, as the t interval assumes: the 95% interval of c1 should hold 0.5 in
  // about 95% of 100 data sets.
  std::mt19937_64 engine(9);
  std::normal_distribution<double> error(0, 20);
  int held = 0;
  for (int set = 0; set < 100; ++set) {
    std::vector<double> y;
    for (double n : sizes) y.push_back(40 + 0.5 * std::pow(n, 1.5) + error(engine));
    const auto model = fit_extrap(sizes, y, 0);
    ASSERT_TRUE(model);
    if (model->i == 1.5 && model->j == 0 && model->c1_interval->low <= 0.5 &&
        model->c1_interval->high >= 0.5) {
      ++held;
    }
  }
  EXPECT_GE(held, 85);
}

TEST(ExtraP, FindsALogarithmicFactor) {
  const auto y = noisy(
      sizes, [](double n) { return 10 + 3 * n * std::log2(n); }, 0.005, 5);
  const auto model = fit_extrap(sizes, y);
  ASSERT_TRUE(model);
  EXPECT_DOUBLE_EQ(model->i, 1);
  EXPECT_DOUBLE_EQ(model->j, 1);
}

TEST(ExtraP, NeedsThreeSizes) { EXPECT_FALSE(fit_extrap({1, 2, 1, 2}, {1, 2, 1, 2})); }

const std::vector<double> threads = {1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64};

TEST(Amdahl, RecoversTheParallelFraction) {
  const auto time = noisy(
      threads, [](double p) { return 100 * (0.1 + 0.9 / p); }, 0.01, 6);
  const auto fit = fit_amdahl(threads, time);
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->parallel_fraction, 0.9, 0.01);
  EXPECT_NEAR(fit->max_speedup(), 10, 1);
  ASSERT_TRUE(fit->parallel_fraction_interval);
  EXPECT_LT(fit->parallel_fraction_interval->low, 0.9);
  EXPECT_GT(fit->parallel_fraction_interval->high, 0.9);
}

TEST(Usl, FindsThePeakConcurrency) {
  // sigma 0.05, kappa 0.001: throughput peaks at sqrt(0.95 / 0.001) = 30.8 threads.
  const auto time = noisy(
      threads, [](double p) { return 2 * (1 / p + 0.05 * (p - 1) / p + 0.001 * (p - 1)); }, 0.01,
      7);
  const auto fit = fit_usl(threads, time);
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->sigma, 0.05, 0.01);
  ASSERT_TRUE(fit->peak_concurrency());
  EXPECT_NEAR(*fit->peak_concurrency(), 30.8, 4);
  ASSERT_TRUE(fit->peak_interval);
  EXPECT_LT(fit->peak_interval->low, 30.8);
  EXPECT_GT(fit->peak_interval->high, 30.8);
}

TEST(Usl, LinearScalingHasNoPeak) {
  const auto fit = fit_usl(threads, noisy(
                                        threads, [](double p) { return 1 / p; }, 0, 8));
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->sigma, 0, 1e-9);
  EXPECT_FALSE(fit->peak_concurrency());
}

}  // namespace
}  // namespace perfwatch::model
