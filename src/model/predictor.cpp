#include "model/predictor.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "model/curve.hpp"

namespace perfwatch::model {

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::interior:
      return "interior";
    case Kind::extrapolated:
      return "extrapolated";
    case Kind::cross_only:
      return "cross-testbed";
    case Kind::extrapolated_below:
      return "extrapolated below";
  }
  return "";
}

namespace {

// Beyond the series' measured values: how far the same curve estimate misses on the other
// testbeds that measured the target's parameter value and every value the target's series has:
// the curve's error there, averaged, is the shape of this benchmark's curve that the
// extension does not follow.
std::optional<double> extension_correction(const Matrix& matrix, const std::vector<char>& visible,
                                           const Observation& target,
                                           const std::vector<LogPoint>& own) {
  const auto row = matrix.find_row(target.benchmark, target.group, target.x);
  if (!row) return std::nullopt;
  std::vector<double> errors;
  for (std::size_t other : matrix.row_cells(*row)) {
    if (!visible[other] || matrix.cells()[other].testbed == target.testbed) continue;
    std::vector<LogPoint> points;
    for (std::size_t cell : matrix.series_cells(matrix.series_of(other))) {
      if (!visible[cell]) continue;
      const double log_x = std::log(matrix.cells()[cell].x);
      for (const LogPoint& p : own) {
        if (p.log_x == log_x) points.push_back({log_x, std::log(matrix.cells()[cell].value)});
      }
    }
    if (points.size() != own.size()) continue;
    const auto estimate = curve_estimate(points, std::log(target.x));
    if (!estimate) continue;
    errors.push_back(std::log(matrix.cells()[other].value) - estimate->log_y);
  }
  if (errors.empty()) return std::nullopt;
  std::sort(errors.begin(), errors.end());
  const std::size_t half = errors.size() / 2;
  return errors.size() % 2 ? errors[half] : (errors[half - 1] + errors[half]) / 2;
}

}  // namespace

std::optional<RawEstimate> raw_estimate(const Matrix& matrix, const Estimators& estimators,
                                        const std::vector<char>& visible,
                                        const Observation& target) {
  RawEstimate estimate;
  std::vector<LogPoint> points;
  const auto series = matrix.find_series(target.benchmark, target.group, target.testbed);
  if (series) {
    for (std::size_t cell : matrix.series_cells(*series)) {
      const Observation& o = matrix.cells()[cell];
      if (visible[cell] && o.x != target.x) points.push_back({std::log(o.x), std::log(o.value)});
    }
  }
  if (const auto curve = curve_estimate(points, std::log(target.x))) {
    estimate.curve_log = curve->log_y;
    const auto correction =
        curve->extrapolated
            ? extension_correction(matrix, visible, target, points)
            : estimators.shapes.interior_correction(*series, points, std::log(target.x));
    if (correction) estimate.shape_correction = *correction;
    for (const LogPoint& p : points) {
      const double distance = std::abs(p.log_x - std::log(target.x));
      if (estimate.gap == 0 || distance < estimate.gap) estimate.gap = distance;
    }
    estimate.kind = !curve->extrapolated                       ? Kind::interior
                    : std::log(target.x) > points.back().log_x ? Kind::extrapolated
                                                               : Kind::extrapolated_below;
  }
  const auto row = matrix.find_row(target.benchmark, target.group, target.x);
  const auto column = matrix.find_column(target.testbed);
  if (row && column) estimate.cross_log = estimators.cross.estimate(*row, *column, visible);
  if (!estimate.curve_log) estimate.ratio_log = estimators.ratios.estimate(target);
  if (!estimate.curve_log && !estimate.cross_log && !estimate.ratio_log) return std::nullopt;
  return estimate;
}

std::optional<double> Calibration::across(const RawEstimate& estimate) const {
  if (!estimate.ratio_log) return estimate.cross_log;
  if (!estimate.cross_log) return estimate.ratio_log;
  const double share = ratio_weight[static_cast<std::size_t>(estimate.kind)];
  return share * *estimate.ratio_log + (1 - share) * *estimate.cross_log;
}

double Calibration::combine(const RawEstimate& estimate) const {
  const auto kind = static_cast<std::size_t>(estimate.kind);
  const auto cross = across(estimate);
  if (!estimate.curve_log) return *cross + bias[kind];
  const double curve = *estimate.curve_log + correction_weight[kind] * estimate.shape_correction;
  if (!cross) return curve + bias[kind];
  // The curve's weight was learned at the kind's typical gap; its error grows with the gap
  // (finish), the cross-testbed estimate's does not, so further out the weight moves to the
  // cross-testbed estimate as inverse-variance weights would: w = 1 / (1 + s^2 (1 - w0) / w0).
  double weight = curve_weight[kind];
  const double stretch = typical_gap[kind] > 0 ? estimate.gap / typical_gap[kind] : 1;
  if (stretch > 1 && weight > 0) weight = 1 / (1 + stretch * stretch * (1 - weight) / weight);
  return weight * curve + (1 - weight) * *cross + bias[kind];
}

Prediction finish(const RawEstimate& estimate, const Calibration& calibration) {
  const double log_value = calibration.combine(estimate);
  const auto kind = static_cast<std::size_t>(estimate.kind);
  // Errors grow with the distance to the data: an interval calibrated on gaps of one step is
  // widened, never narrowed, for a cell two steps from the nearest measured point.
  const double typical = calibration.typical_gap[kind];
  const double widen = typical > 0 ? std::max(1.0, estimate.gap / typical) : 1.0;
  return Prediction{std::exp(log_value), std::exp(log_value + widen * calibration.low[kind]),
                    std::exp(log_value + widen * calibration.high[kind]), estimate.kind,
                    estimate.kind != Kind::interior};
}

namespace {

// The q-quantile of `values` (sorted), interpolated between order statistics.
double quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// Fewer errors than this in a kind and its interval falls back to all kinds' errors together.
constexpr std::size_t min_residuals_per_kind = 20;

}  // namespace

Calibration calibrate(const std::vector<RawEstimate>& estimates,
                      const std::vector<double>& measured_logs, double coverage) {
  Calibration calibration;
  calibration.coverage = coverage;
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    std::vector<double> gaps;
    for (const auto& e : estimates) {
      if (static_cast<std::size_t>(e.kind) == kind && e.gap > 0) gaps.push_back(e.gap);
    }
    if (gaps.size() < min_residuals_per_kind) continue;
    std::sort(gaps.begin(), gaps.end());
    calibration.typical_gap[kind] = quantile(gaps, 0.5);
  }
  // The ratios' share minimises the squared log error of r*ratios + (1-r)*cross; the
  // correction's weight that of curve + a*correction; then the curve's weight that of
  // w*curve + (1-w)*across; each in [0, 1].
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    double numerator = 0, denominator = 0;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      const auto& e = estimates[i];
      if (static_cast<std::size_t>(e.kind) != kind || !e.ratio_log || !e.cross_log) continue;
      numerator += (measured_logs[i] - *e.cross_log) * (*e.ratio_log - *e.cross_log);
      denominator += (*e.ratio_log - *e.cross_log) * (*e.ratio_log - *e.cross_log);
    }
    if (denominator > 0) {
      calibration.ratio_weight[kind] = std::clamp(numerator / denominator, 0.0, 1.0);
    }
  }
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    double numerator = 0, denominator = 0;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      const auto& e = estimates[i];
      if (static_cast<std::size_t>(e.kind) != kind || !e.curve_log) continue;
      numerator += (measured_logs[i] - *e.curve_log) * e.shape_correction;
      denominator += e.shape_correction * e.shape_correction;
    }
    if (denominator > 0) {
      calibration.correction_weight[kind] = std::clamp(numerator / denominator, 0.0, 1.0);
    }
  }
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    double numerator = 0, denominator = 0;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      const auto& e = estimates[i];
      const auto cross = calibration.across(e);
      if (static_cast<std::size_t>(e.kind) != kind || !e.curve_log || !cross) continue;
      const double curve = *e.curve_log + calibration.correction_weight[kind] * e.shape_correction;
      numerator += (measured_logs[i] - *cross) * (curve - *cross);
      denominator += (curve - *cross) * (curve - *cross);
    }
    if (denominator > 0)
      calibration.curve_weight[kind] = std::clamp(numerator / denominator, 0.0, 1.0);
  }
  // The median log error left per kind is a bias of that kind of estimate (extrapolations along
  // threads miss the oversubscription a largest thread count meets, say): it is taken off, when
  // the kind has enough errors to tell.
  {
    std::array<std::vector<double>, kind_count> left;
    for (std::size_t i = 0; i < estimates.size(); ++i) {
      left[static_cast<std::size_t>(estimates[i].kind)].push_back(
          measured_logs[i] - calibration.combine(estimates[i]));
    }
    for (std::size_t kind = 0; kind < kind_count; ++kind) {
      if (left[kind].size() < min_residuals_per_kind) continue;
      std::sort(left[kind].begin(), left[kind].end());
      calibration.bias[kind] = quantile(left[kind], 0.5);
    }
  }
  std::array<std::vector<double>, kind_count> errors;
  std::vector<double> all;
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    const double error = measured_logs[i] - calibration.combine(estimates[i]);
    errors[static_cast<std::size_t>(estimates[i].kind)].push_back(error);
    all.push_back(error);
  }
  std::sort(all.begin(), all.end());
  const double tail = (1 - coverage) / 2;
  for (std::size_t kind = 0; kind < kind_count; ++kind) {
    auto& own = errors[kind];
    std::sort(own.begin(), own.end());
    calibration.residual_count[kind] = own.size();
    const auto& source = own.size() >= min_residuals_per_kind ? own : all;
    if (source.empty()) continue;
    calibration.low[kind] = quantile(source, tail);
    calibration.high[kind] = quantile(source, 1 - tail);
  }
  return calibration;
}

namespace {

std::vector<std::size_t> sample(std::size_t count, std::size_t limit, std::uint64_t seed) {
  std::vector<std::size_t> chosen(count);
  std::iota(chosen.begin(), chosen.end(), 0);
  if (count > limit) {
    std::mt19937_64 engine(seed);
    std::shuffle(chosen.begin(), chosen.end(), engine);
    chosen.resize(limit);
  }
  return chosen;
}

}  // namespace

Predictor::Predictor(const Matrix& matrix, double coverage, std::size_t max_calibration_cells,
                     std::size_t max_calibration_series)
    : matrix_(matrix),
      visible_(matrix.size(), 1),
      settings_(choose_cross_settings(matrix, visible_)),
      cross_(matrix, visible_, settings_),
      shapes_(matrix, visible_),
      ratios_(matrix, visible_) {
  const Estimators estimators{cross_, shapes_, ratios_};
  std::vector<RawEstimate> estimates;
  std::vector<double> measured;
  std::vector<char> visible = visible_;
  for (std::size_t cell : sample(matrix.size(), max_calibration_cells, 1)) {
    visible[cell] = 0;
    if (auto estimate = raw_estimate(matrix, estimators, visible, matrix.cells()[cell])) {
      estimates.push_back(*estimate);
      measured.push_back(std::log(matrix.cells()[cell].value));
    }
    visible[cell] = 1;
  }
  // Whole series left out: the estimates for a testbed never measured with that workload. The
  // cross-testbed model is refitted without them (five folds of the sampled series, each a few
  // sweeps from the full fit): a model that saw a series would look surer of it than it is of a
  // testbed really never measured, and the weights learned here would lean on it too much. The
  // shape library and the testbed ratios keep every other series, as when one is left out.
  constexpr std::size_t series_folds = 5;
  const auto left_out = sample(matrix.series_count(), max_calibration_series, 2);
  for (std::size_t fold = 0; fold < series_folds; ++fold) {
    for (std::size_t i = fold; i < left_out.size(); i += series_folds) {
      for (std::size_t cell : matrix.series_cells(left_out[i])) visible[cell] = 0;
    }
    const CrossModel refitted(cross_, visible);
    const Estimators without_fold{refitted, shapes_, ratios_};
    for (std::size_t i = fold; i < left_out.size(); i += series_folds) {
      for (std::size_t cell : matrix.series_cells(left_out[i])) {
        if (auto estimate = raw_estimate(matrix, without_fold, visible, matrix.cells()[cell])) {
          estimates.push_back(*estimate);
          measured.push_back(std::log(matrix.cells()[cell].value));
        }
      }
    }
    std::fill(visible.begin(), visible.end(), 1);
  }
  calibration_ = calibrate(estimates, measured, coverage);
}

std::optional<Prediction> Predictor::predict(const Observation& target) const {
  const auto estimate = raw_estimate(matrix_, {cross_, shapes_, ratios_}, visible_, target);
  if (!estimate) return std::nullopt;
  return finish(*estimate, calibration_);
}

}  // namespace perfwatch::model
