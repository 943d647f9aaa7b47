#include "model/predictor.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "model/validate.hpp"

namespace perfwatch::model {
namespace {

// An estimate of `kind` from a curve and, where given, other testbeds; the rest as defaulted.
RawEstimate estimate_of(Kind kind, double curve_log, std::optional<double> cross_log) {
  RawEstimate estimate;
  estimate.kind = kind;
  estimate.curve_log = curve_log;
  estimate.cross_log = cross_log;
  return estimate;
}

// Benchmarks x testbeds x batch sizes: a saturating curve along the batch size, scaled by a
// testbed speed that depends on how memory-bound the benchmark is (rank 2 in log space), times
// log-normal noise of `noise`.
std::vector<Observation> synthetic(std::size_t benchmarks, std::size_t testbeds, double noise,
                                   std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::normal_distribution<double> error(0, noise);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<Observation> cells;
  for (std::size_t b = 0; b < benchmarks; ++b) {
    const double memory_bound = uniform(engine), scale = std::exp(3 * uniform(engine));
    const double knee = 4 + 28 * uniform(engine);
    for (std::size_t t = 0; t < testbeds; ++t) {
      const double speed = memory_bound * (1 + static_cast<double>(t % 3)) +
                           (1 - memory_bound) * (1 + static_cast<double>(t));
      for (double x : {1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0}) {
        cells.push_back({"bench" + std::to_string(b), "{}", "tb" + std::to_string(t), x,
                         scale * speed * x / (1 + x / knee) * std::exp(error(engine))});
      }
    }
  }
  return cells;
}

TEST(Matrix, RejectsNonPositiveValuesAndRepeatedCells) {
  EXPECT_THROW(Matrix({{"a", "", "t", 1, 0}}), InputError);
  EXPECT_THROW(Matrix({{"a", "", "t", -1, 1}}), InputError);
  EXPECT_THROW(Matrix({{"a", "", "t", 1, 1}, {"a", "", "t", 1, 2}}), InputError);
  const Matrix matrix({{"a", "", "t", 1, 1}, {"a", "", "u", 1, 2}, {"a", "", "t", 2, 3}});
  EXPECT_EQ(matrix.row_count(), 2u);
  EXPECT_EQ(matrix.column_count(), 2u);
  EXPECT_EQ(matrix.series_count(), 2u);
}

TEST(CrossModel, LearnsTheRelativeWorthOfTestbedsFromSharedRows) {
  // Every row is 2x faster on tb1 than on tb0; a row measured on tb0 only gets 2x on tb1.
  std::vector<Observation> cells;
  for (int b = 0; b < 10; ++b) {
    cells.push_back({"b" + std::to_string(b), "", "tb0", 1, 10.0 + b});
    if (b > 0) cells.push_back({"b" + std::to_string(b), "", "tb1", 1, 2 * (10.0 + b)});
  }
  const Matrix matrix(cells);
  const std::vector<char> visible(matrix.size(), 1);
  const CrossModel model(matrix, visible, CrossSettings{0, 1, 30});
  const auto estimate =
      model.estimate(*matrix.find_row("b0", "", 1), *matrix.find_column("tb1"), visible);
  ASSERT_TRUE(estimate);
  EXPECT_NEAR(std::exp(*estimate), 20, 0.01);
}

TEST(Predictor, PredictsMissingCellsWithIntervalsAndMarksExtrapolation) {
  auto cells = synthetic(30, 6, 0.03, 1);
  const Observation hidden = cells[3];  // bench0 on tb0 at batch 8: interior
  const Observation largest = cells[6];
  cells.erase(cells.begin() + 6);
  cells.erase(cells.begin() + 3);
  const Matrix matrix(cells);
  const Predictor predictor(matrix);
  const auto interior = predictor.predict(hidden);
  ASSERT_TRUE(interior);
  EXPECT_EQ(interior->kind, Kind::interior);
  EXPECT_FALSE(interior->extrapolated);
  EXPECT_NEAR(interior->value, hidden.value, 0.1 * hidden.value);
  EXPECT_LT(interior->low, interior->value);
  EXPECT_GT(interior->high, interior->value);
  const auto beyond = predictor.predict(largest);
  ASSERT_TRUE(beyond);
  EXPECT_TRUE(beyond->extrapolated);
  EXPECT_EQ(beyond->kind, Kind::extrapolated);
  EXPECT_FALSE(predictor.predict({"unknown", "{}", "tb0", 8, 1}));
}

TEST(Validate, ErrorsFollowTheNoiseAndIntervalsHoldAboutTheirShare) {
  const Matrix matrix(synthetic(40, 6, 0.05, 2));
  const auto figures = validate(matrix);
  ASSERT_EQ(figures.size(), 4u);
  for (const auto& figure : figures) {
    SCOPED_TRACE(figure.question);
    EXPECT_GT(figure.count, 100u);
    EXPECT_LT(figure.mape_percent, 15);
    EXPECT_GT(figure.mape_percent, 2);  // 5% noise cannot be predicted away
    EXPECT_GT(figure.coverage_percent, 75);
    EXPECT_LT(figure.coverage_percent, 99);
  }
}

TEST(Validate, CalibrationCoverageTracksTheRequestedLevel) {
  std::vector<RawEstimate> estimates;
  std::vector<double> measured;
  std::mt19937_64 engine(3);
  std::normal_distribution<double> error(0, 0.1);
  for (int k = 0; k < 1000; ++k) {
    estimates.push_back(estimate_of(Kind::interior, 1.0, std::nullopt));
    measured.push_back(1.0 + error(engine));
  }
  const auto calibration = calibrate(estimates, measured, 0.9);
  // The 5% and 95% quantiles of N(0, 0.1): -/+ 0.1645.
  EXPECT_NEAR(calibration.low[0], -0.1645, 0.02);
  EXPECT_NEAR(calibration.high[0], 0.1645, 0.02);
}

// Extrapolations that all fall 10% short (in log terms) have that bias taken off; a prediction
// twice as far from its series' points as the calibration's typical gap gets twice the interval.
TEST(Validate, CalibrationTakesOffAKindsBiasAndWidensIntervalsWithTheGap) {
  std::vector<RawEstimate> estimates;
  std::vector<double> measured;
  std::mt19937_64 engine(4);
  std::normal_distribution<double> error(0, 0.05);
  for (int k = 0; k < 500; ++k) {
    RawEstimate estimate = estimate_of(Kind::extrapolated, 2.0, std::nullopt);
    estimate.gap = std::log(2.0);
    estimates.push_back(estimate);
    measured.push_back(2.1 + error(engine));
  }
  const auto calibration = calibrate(estimates, measured, 0.9);
  const auto kind = static_cast<std::size_t>(Kind::extrapolated);
  EXPECT_NEAR(calibration.bias[kind], 0.1, 0.01);
  EXPECT_NEAR(calibration.low[kind], -0.082, 0.015) << "the interval is about the unbiased value";
  EXPECT_NEAR(calibration.typical_gap[kind], std::log(2.0), 1e-12);

  RawEstimate near = estimate_of(Kind::extrapolated, 2.0, std::nullopt);
  near.gap = std::log(2.0);
  RawEstimate far = near;
  far.gap = std::log(4.0);
  const auto one_step = finish(near, calibration), two_steps = finish(far, calibration);
  EXPECT_NEAR(std::log(one_step.value), 2.1, 0.01);
  EXPECT_DOUBLE_EQ(two_steps.value, one_step.value);
  EXPECT_NEAR(std::log(two_steps.high / two_steps.low), 2 * std::log(one_step.high / one_step.low),
              1e-9);
  RawEstimate closer = near;
  closer.gap = std::log(1.5);
  EXPECT_DOUBLE_EQ(finish(closer, calibration).high, one_step.high) << "never narrowed";

  // With a cross-testbed estimate beside the curve, the curve's weight falls with the gap.
  Calibration halves = calibration;
  halves.curve_weight[kind] = 0.5;
  halves.bias[kind] = 0;
  RawEstimate both = estimate_of(Kind::extrapolated, 2.0, 1.0);
  both.gap = std::log(2.0);
  EXPECT_NEAR(halves.combine(both), 1.5, 1e-12);
  both.gap = std::log(4.0);  // twice the typical gap: w = 1 / (1 + 4) = 0.2
  EXPECT_NEAR(halves.combine(both), 0.2 * 2.0 + 0.8 * 1.0, 1e-12);
}

}  // namespace
}  // namespace perfwatch::model
