// model: an estimate for a cell not measured, combining the series' own curve (curve.hpp) with
// the cross-testbed model (cross_model.hpp), with a prediction interval. The curve is corrected
// by the error the same curve estimate makes elsewhere: between measured values, on the series
// of like local shape (shape_library.hpp); beyond them, on the other testbeds that measured the
// same parameter values and the target's. A series with no curve of its own (a testbed never
// measured with that workload) also gets the similarity-weighted testbed ratios of
// testbed_ratios.hpp beside the cross-testbed model. How
// much to trust each and how wide the interval must be are both learned from the matrix itself, by
// leave-one-out: every measured cell (up to a sample) is estimated without itself, and every series
// without any of its cells, and the log errors of each kind of estimate are kept.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "model/cross_model.hpp"
#include "model/matrix.hpp"
#include "model/shape_library.hpp"
#include "model/testbed_ratios.hpp"

namespace perfwatch::model {

// interior: the series was measured on both sides of x; extrapolated: beyond its largest x;
// extrapolated_below: below its smallest (small batches and one thread err differently, so
// each side gets its own weights and interval); cross_only: the series has fewer than two other
// points, so only the other testbeds speak.
enum class Kind { interior, extrapolated, cross_only, extrapolated_below };
inline constexpr std::size_t kind_count = 4;
std::string_view kind_name(Kind kind);

struct RawEstimate {
  Kind kind = Kind::cross_only;
  std::optional<double> curve_log, cross_log;
  double shape_correction = 0;  // to add to curve_log, in part (Calibration::correction_weight)
  double gap = 0;  // log x distance to the series' nearest measured point; 0 for cross_only
  std::optional<double> ratio_log;  // similarity-weighted testbed ratios, for cross_only only
};

// The models an estimate draws on, each built for one visibility of the matrix (the one passed
// to raw_estimate, or one that shows in addition cells of the target's own series).
struct Estimators {
  const CrossModel& cross;
  const ShapeLibrary& shapes;
  const TestbedRatios& ratios;
};

// The estimates for `target` from the cells of `matrix` where visible[cell] is non-zero
// (target's own cell, when measured, must be invisible); nullopt when none exists.
std::optional<RawEstimate> raw_estimate(const Matrix& matrix, const Estimators& estimators,
                                        const std::vector<char>& visible,
                                        const Observation& target);

// Per kind: how much of the shape correction to add to the curve, the weight of the corrected
// curve where the cross-testbed estimate also exists (each the least-squares weight on the
// leave-out estimates, in [0, 1]; the curve's weight falls beyond the kind's typical gap), the
// median error left (a bias, taken off), and the quantiles of the log error of the combined
// estimate that bound the prediction interval (widened beyond the typical gap).
struct Calibration {
  // The share of the testbed-ratio estimate beside the cross-testbed model's, where both exist.
  std::array<double, kind_count> ratio_weight{0.5, 0.5, 0.5, 0.5};
  std::array<double, kind_count> correction_weight{1, 1, 1, 1};
  std::array<double, kind_count> curve_weight{1, 1, 0, 1};
  std::array<double, kind_count> bias{};  // median log error of the kind, taken off
  std::array<double, kind_count> low{}, high{};
  // The median gap of the kind's leave-out estimates: a prediction further from its series'
  // measured points than that gets its interval widened in proportion (Prediction finish).
  std::array<double, kind_count> typical_gap{};
  std::array<std::size_t, kind_count> residual_count{};
  double coverage = 0.9;

  // The estimate from other testbeds: the cross-testbed model's and the testbed ratios',
  // weighted; nullopt when neither exists.
  std::optional<double> across(const RawEstimate& estimate) const;
  double combine(const RawEstimate& estimate) const;
};

struct Prediction {
  double value = 0, low = 0, high = 0;
  Kind kind = Kind::cross_only;
  bool extrapolated = false;  // beyond the series' measured parameter values, or cross only
};

Prediction finish(const RawEstimate& estimate, const Calibration& calibration);

// A matrix fitted once, for any number of predictions.
class Predictor {
 public:
  // `coverage`: the share of values the prediction intervals should hold (0.9 by default).
  // At most `max_calibration_cells` cells and `max_calibration_series` series are left out in
  // the calibration (a seeded sample beyond that), which bounds its time on large matrices.
  explicit Predictor(const Matrix& matrix, double coverage = 0.9,
                     std::size_t max_calibration_cells = 3000,
                     std::size_t max_calibration_series = 300);

  std::optional<Prediction> predict(const Observation& target) const;
  const Calibration& calibration() const { return calibration_; }
  const CrossSettings& cross_settings() const { return settings_; }

 private:
  const Matrix& matrix_;
  std::vector<char> visible_;
  CrossSettings settings_;
  CrossModel cross_;
  ShapeLibrary shapes_;
  TestbedRatios ratios_;
  Calibration calibration_;
};

// Calibrates from leave-one-out raw estimates and the log of the measured values.
Calibration calibrate(const std::vector<RawEstimate>& estimates,
                      const std::vector<double>& measured_logs, double coverage);

}  // namespace perfwatch::model
