// The shape library (a curve's miss between measured values, from series of like local shape)
// and the testbed ratios (a testbed's worth from the most alike workloads), on generated
// matrices whose right answer is known.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "model/curve.hpp"
#include "model/predictor.hpp"
#include "model/shape_library.hpp"
#include "model/testbed_ratios.hpp"

namespace perfwatch::model {
namespace {

double saturating(double x, double knee) { return x / (1 + x / knee); }

// Series of one saturating shape (knee 4) on three testbeds at different scales, and more
// series of an almost straight one (knee 1024, log-log slopes near 1): the monotone cubic
// misses both between its points, by different amounts.
std::vector<Observation> two_shapes() {
  std::vector<Observation> cells;
  for (int b = 0; b < 8; ++b) {
    const double knee = b < 3 ? 4 : 1024;
    for (int t = 0; t < 3; ++t) {
      const double scale = (1 + b) * (1 + 2 * t);
      for (double x : {1.0, 2.0, 4.0, 8.0, 16.0, 32.0}) {
        cells.push_back(
            {"b" + std::to_string(b), "", "t" + std::to_string(t), x, scale * saturating(x, knee)});
      }
    }
  }
  return cells;
}

TEST(ShapeLibrary, TheMissBetweenPointsIsLearnedFromSeriesOfTheSameSlopes) {
  const Matrix matrix(two_shapes());
  std::vector<char> visible(matrix.size(), 1);
  const auto series = *matrix.find_series("b0", "", "t1");
  std::vector<LogPoint> points;
  for (std::size_t cell : matrix.series_cells(series)) {
    const Observation& o = matrix.cells()[cell];
    if (o.x != 8) points.push_back({std::log(o.x), std::log(o.value)});
  }
  const double log_x = std::log(8.0), truth = std::log(3 * saturating(8, 4));
  const double curve = curve_estimate(points, log_x)->log_y;
  ASSERT_GT(std::abs(curve - truth), 1e-3) << "the cubic alone must miss for the test to tell";
  const ShapeLibrary library(matrix, visible);
  const auto correction = library.interior_correction(series, points, log_x);
  ASSERT_TRUE(correction);
  EXPECT_NEAR(curve + *correction, truth, 1e-6);
  // A point outside the measured range is no interior point.
  EXPECT_FALSE(library.interior_correction(series, points, std::log(64.0)));
}

TEST(ShapeLibrary, NoSeriesMeasuredThereGivesNoCorrection) {
  const Matrix matrix(two_shapes());
  const std::vector<char> visible(matrix.size(), 1);
  const ShapeLibrary library(matrix, visible);
  const std::vector<LogPoint> points{{std::log(1.0), 0}, {std::log(4.0), 1}};
  EXPECT_FALSE(library.interior_correction(0, points, std::log(3.0)));
}

// Workloads in log space: level + testbed speed + kind * testbed memory factor, exactly. Five
// compute-bound workloads (kind 0) and three memory-bound (kind 1) on four testbeds: the
// memory-bound target's ratio to any other testbed is its kind's, which the plain median over
// all eight workloads is not.
std::vector<Observation> two_kinds() {
  const double speed[] = {0, 0.7, 1.2, 1.9}, memory[] = {0, -0.4, -0.2, -0.9};
  std::vector<Observation> cells;
  for (int w = 0; w < 9; ++w) {
    const double kind = w < 5 ? 0 : 1;
    for (int t = 0; t < 4; ++t) {
      for (double x : {1.0, 8.0}) {
        const double log_value = 0.3 * w + speed[t] + kind * memory[t] + 0.5 * std::log(x);
        cells.push_back(
            {"w" + std::to_string(w), "", "t" + std::to_string(t), x, std::exp(log_value)});
      }
    }
  }
  return cells;
}

TEST(TestbedRatios, ATestbedsWorthComesFromTheWorkloadsThatMoveAlike) {
  auto cells = two_kinds();
  // w8 (memory-bound) never ran on t3.
  Observation hidden;
  std::erase_if(cells, [&](const Observation& o) {
    if (o.benchmark != "w8" || o.testbed != "t3") return false;
    if (o.x == 8) hidden = o;
    return true;
  });
  const Matrix matrix(cells);
  const std::vector<char> visible(matrix.size(), 1);
  const TestbedRatios ratios(matrix, visible);
  const auto estimate = ratios.estimate(hidden);
  ASSERT_TRUE(estimate);
  EXPECT_NEAR(*estimate, std::log(hidden.value), 1e-9);
  // The compute-bound majority's ratio would have put it 0.9 (in log) too high.
  EXPECT_FALSE(ratios.estimate({"w8", "", "t3", 2, 1})) << "no source measured x = 2";
  EXPECT_FALSE(ratios.estimate({"unknown", "", "t3", 8, 1}));
}

TEST(Calibration, TheRatiosShareIsTheLeastSquaresWeightBesideTheCrossModel) {
  // The ratios are right, the cross-testbed model 0.2 too low: all weight on the ratios.
  std::vector<RawEstimate> estimates;
  std::vector<double> measured;
  for (int k = 0; k < 50; ++k) {
    RawEstimate estimate;
    estimate.cross_log = 1.0 + 0.01 * k;
    estimate.ratio_log = 1.2 + 0.01 * k;
    estimates.push_back(estimate);
    measured.push_back(1.2 + 0.01 * k);
  }
  const auto calibration = calibrate(estimates, measured, 0.9);
  const auto kind = static_cast<std::size_t>(Kind::cross_only);
  EXPECT_NEAR(calibration.ratio_weight[kind], 1, 1e-9);
  EXPECT_NEAR(calibration.combine(estimates[7]), measured[7], 1e-9);
  // Only one of the two: that one.
  RawEstimate ratio_only;
  ratio_only.kind = Kind::cross_only;
  ratio_only.ratio_log = 2.0;
  EXPECT_NEAR(*calibration.across(ratio_only), 2.0, 1e-12);
}

}  // namespace
}  // namespace perfwatch::model
