#include "model/validate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "model/predictor.hpp"

namespace perfwatch::model {

namespace {

class Tally {
 public:
  explicit Tally(std::string question) { figure_.question = std::move(question); }
  void add(const std::optional<Prediction>& prediction, double measured) {
    if (!prediction) {
      ++figure_.missed;
      return;
    }
    ++figure_.count;
    error_ += std::abs(prediction->value - measured) / measured;
    if (measured >= prediction->low && measured <= prediction->high) ++inside_;
  }
  ValidationFigure figure() const {
    ValidationFigure figure = figure_;
    if (figure.count > 0) {
      figure.mape_percent = 100 * error_ / static_cast<double>(figure.count);
      figure.mape_lowest = figure.mape_highest = figure.mape_percent;
      figure.coverage_percent =
          100 * static_cast<double>(inside_) / static_cast<double>(figure.count);
    }
    return figure;
  }

 private:
  ValidationFigure figure_;
  double error_ = 0;
  std::size_t inside_ = 0;
};

std::optional<Prediction> hidden_prediction(const Matrix& matrix, const Estimators& estimators,
                                            const std::vector<char>& visible,
                                            const Calibration& calibration, std::size_t cell) {
  const auto estimate = raw_estimate(matrix, estimators, visible, matrix.cells()[cell]);
  if (!estimate) return std::nullopt;
  return finish(*estimate, calibration);
}

}  // namespace

std::vector<ValidationFigure> validate(const Matrix& matrix, double coverage, std::size_t repeats) {
  // Calibrated on every cell; the single-cell questions reuse the fitted cross-testbed model
  // with the hidden cell's row re-solved without it (see CrossModel::estimate). The shape
  // library and the testbed ratios never read the target's own series, so the ones built on
  // every cell serve every question that hides cells of one series.
  const Predictor predictor(matrix, coverage, matrix.size(), matrix.series_count());
  const Calibration& calibration = predictor.calibration();
  std::vector<char> visible(matrix.size(), 1);
  const CrossModel full(matrix, visible, predictor.cross_settings());
  const ShapeLibrary shapes(matrix, visible);
  const TestbedRatios ratios(matrix, visible);
  const Estimators on_every_cell{full, shapes, ratios};

  Tally interior("interior"), largest("largest");
  for (std::size_t series = 0; series < matrix.series_count(); ++series) {
    const auto& cells = matrix.series_cells(series);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const bool is_interior = i > 0 && i + 1 < cells.size();
      const bool is_largest = i + 1 == cells.size() && cells.size() >= 3;
      if (!is_interior && !is_largest) continue;
      visible[cells[i]] = 0;
      const auto prediction =
          hidden_prediction(matrix, on_every_cell, visible, calibration, cells[i]);
      (is_interior ? interior : largest).add(prediction, matrix.cells()[cells[i]].value);
      visible[cells[i]] = 1;
    }
  }

  Tally unseen("unseen testbed");
  for (std::size_t series = 0; series < matrix.series_count(); ++series) {
    const auto& cells = matrix.series_cells(series);
    // Only where the benchmark and parameters ran on another testbed: else nothing can know.
    bool elsewhere = false;
    for (std::size_t cell : cells) elsewhere |= matrix.row_cells(matrix.row_of(cell)).size() > 1;
    if (!elsewhere) continue;
    for (std::size_t cell : cells) visible[cell] = 0;
    const CrossModel refitted(matrix, visible, predictor.cross_settings());
    const Estimators without_series{refitted, shapes, ratios};
    for (std::size_t cell : cells) {
      unseen.add(hidden_prediction(matrix, without_series, visible, calibration, cell),
                 matrix.cells()[cell].value);
    }
    for (std::size_t cell : cells) visible[cell] = 1;
  }

  Tally random("20% hidden");
  std::vector<double> per_shuffle;
  for (std::size_t repeat = 0; repeat < repeats; ++repeat) {
    Tally shuffle("");
    std::vector<std::size_t> order(matrix.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 engine(5 + repeat);
    std::shuffle(order.begin(), order.end(), engine);
    constexpr std::size_t folds = 5;
    for (std::size_t fold = 0; fold < folds; ++fold) {
      std::fill(visible.begin(), visible.end(), 1);
      for (std::size_t i = fold; i < order.size(); i += folds) visible[order[i]] = 0;
      const CrossModel refitted(matrix, visible, predictor.cross_settings());
      const ShapeLibrary fold_shapes(matrix, visible);
      const TestbedRatios fold_ratios(matrix, visible);
      const Estimators without_fold{refitted, fold_shapes, fold_ratios};
      for (std::size_t i = fold; i < order.size(); i += folds) {
        const auto prediction =
            hidden_prediction(matrix, without_fold, visible, calibration, order[i]);
        random.add(prediction, matrix.cells()[order[i]].value);
        shuffle.add(prediction, matrix.cells()[order[i]].value);
      }
    }
    per_shuffle.push_back(shuffle.figure().mape_percent);
  }
  ValidationFigure hidden = random.figure();
  hidden.repeats = repeats;
  if (!per_shuffle.empty()) {
    hidden.mape_lowest = *std::min_element(per_shuffle.begin(), per_shuffle.end());
    hidden.mape_highest = *std::max_element(per_shuffle.begin(), per_shuffle.end());
  }
  return {interior.figure(), largest.figure(), unseen.figure(), hidden};
}

}  // namespace perfwatch::model
