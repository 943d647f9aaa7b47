#include "model/curve.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace perfwatch::model {
namespace {

std::vector<LogPoint> points(const std::vector<double>& x, double (*f)(double)) {
  std::vector<LogPoint> result;
  for (double v : x) result.push_back({std::log(v), std::log(f(v))});
  return result;
}

double power_law(double x) { return 3 * std::pow(x, 0.7); }
double saturating(double x) { return 1000 * x / (x + 8); }

TEST(Curve, FewerThanTwoPointsGiveNothing) {
  EXPECT_FALSE(curve_estimate({}, 0));
  EXPECT_FALSE(curve_estimate({{0, 1}}, 0));
}

TEST(Curve, PowerLawIsExactInsideAndBeyond) {
  const auto measured = points({1, 2, 8, 16}, power_law);
  for (double x : {1.5, 4.0, 12.0, 64.0, 0.5}) {
    const auto estimate = curve_estimate(measured, std::log(x));
    ASSERT_TRUE(estimate);
    EXPECT_NEAR(std::exp(estimate->log_y), power_law(x), 1e-9 * power_law(x)) << x;
    EXPECT_EQ(estimate->extrapolated, x < 1 || x > 16) << x;
  }
}

TEST(Curve, InterpolationFollowsASaturatingCurveCloserThanStraightSegments) {
  const auto measured = points({1, 4, 16, 64}, saturating);
  const double x = 8;
  const auto estimate = curve_estimate(measured, std::log(x));
  ASSERT_TRUE(estimate);
  const double straight =
      std::exp((std::log(saturating(4)) + std::log(saturating(16))) / 2);  // midpoint in log x
  EXPECT_LT(std::abs(std::exp(estimate->log_y) - saturating(x)),
            std::abs(straight - saturating(x)));
}

TEST(Curve, ExtrapolationBendsTowardsSaturationButNeverTurnsOver) {
  const auto measured = points({1, 2, 4, 8, 16}, saturating);
  const auto next = curve_estimate(measured, std::log(32.0));
  ASSERT_TRUE(next);
  const double last_slope = std::log(saturating(16) / saturating(8)) / std::log(2.0);
  const double straight = std::log(saturating(16)) + last_slope * std::log(2.0);
  EXPECT_LT(next->log_y, straight);                  // bends as the slopes did
  EXPECT_GE(next->log_y, std::log(saturating(16)));  // but does not fall
  EXPECT_NEAR(std::exp(next->log_y), saturating(32), 0.05 * saturating(32));
  const auto far = curve_estimate(measured, std::log(4096.0));
  EXPECT_GE(far->log_y, std::log(saturating(16)));
}

}  // namespace
}  // namespace perfwatch::model
