#include "model/cross_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include "model/least_squares.hpp"

namespace perfwatch::model {

CrossModel::CrossModel(const Matrix& matrix, const std::vector<char>& visible,
                       CrossSettings settings)
    : matrix_(matrix), settings_(settings) {
  const std::size_t k = settings.rank, columns = matrix.column_count();
  column_level_.assign(columns, 0);
  column_factors_.resize(columns * k);
  log_value_.reserve(matrix.size());
  for (const Observation& o : matrix.cells()) log_value_.push_back(std::log(o.value));
  std::map<std::string, std::size_t> groups;
  row_group_.reserve(matrix.row_count());
  for (std::size_t r = 0; r < matrix.row_count(); ++r) {
    const std::string& group = matrix.cells()[matrix.row_cells(r).front()].group;
    row_group_.push_back(groups.emplace(group, groups.size()).first->second);
  }
  group_factors_.assign(groups.size() * k, 0);
  start_factors(visible);
  sweep(visible);
}

CrossModel::CrossModel(const CrossModel& start, const std::vector<char>& visible)
    : CrossModel(start) {
  settings_.iterations = std::min<std::size_t>(settings_.iterations, warm_sweeps);
  sweep(visible);
}

void CrossModel::sweep(const std::vector<char>& visible) {
  const std::size_t k = settings_.rank, columns = matrix_.column_count();
  std::vector<std::vector<std::size_t>> column_cells(columns);
  for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
    if (visible[cell]) column_cells[matrix_.column_of(cell)].push_back(cell);
  }
  column_fitted_.assign(columns, 0);
  for (std::size_t c = 0; c < columns; ++c) column_fitted_[c] = !column_cells[c].empty();
  std::vector<std::optional<RowParameters>> rows(matrix_.row_count());
  std::vector<double> design, target;
  // Sweeps until no testbed parameter moves by more than 1e-4 (0.01% in value), at most
  // settings.iterations.
  double moved = INFINITY;
  for (std::size_t iteration = 0; iteration < settings_.iterations && moved > 1e-4; ++iteration) {
    moved = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = solve_row(r, visible);
    update_group_factors(rows);
    for (std::size_t c = 0; c < columns; ++c) {
      design.clear();
      target.clear();
      for (std::size_t cell : column_cells[c]) {
        const auto& row = rows[matrix_.row_of(cell)];
        design.push_back(1);
        design.insert(design.end(), row->factors.begin(), row->factors.end());
        target.push_back(log_value_[cell] - row->level);
      }
      if (target.empty()) continue;
      const auto fit = least_squares(design, k + 1, target, settings_.ridge, 1);
      if (!fit) continue;
      moved = std::max(moved, std::abs(fit->coefficients[0] - column_level_[c]));
      for (std::size_t f = 0; f < k; ++f) {
        moved = std::max(moved, std::abs(fit->coefficients[f + 1] - column_factors_[c * k + f]));
      }
      column_level_[c] = fit->coefficients[0];
      std::copy(fit->coefficients.begin() + 1, fit->coefficients.end(),
                column_factors_.begin() + static_cast<std::ptrdiff_t>(c * k));
    }
  }
}

void CrossModel::start_factors(const std::vector<char>& visible) {
  const std::size_t k = settings_.rank, columns = matrix_.column_count();
  if (k == 0) return;
  // The additive part first (row and testbed levels, alternating means), then the residuals'
  // leading k singular vectors by block power iteration, unmeasured cells counted as 0.
  std::vector<double> row_level(matrix_.row_count(), 0), residual(matrix_.size(), 0);
  for (int sweep = 0; sweep < 10; ++sweep) {
    std::vector<double> sum(matrix_.row_count(), 0), count(matrix_.row_count(), 0);
    for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
      if (!visible[cell]) continue;
      sum[matrix_.row_of(cell)] += log_value_[cell] - column_level_[matrix_.column_of(cell)];
      ++count[matrix_.row_of(cell)];
    }
    for (std::size_t r = 0; r < row_level.size(); ++r) {
      row_level[r] = count[r] > 0 ? sum[r] / count[r] : 0;
    }
    std::vector<double> column_sum(columns, 0), column_count(columns, 0);
    for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
      if (!visible[cell]) continue;
      column_sum[matrix_.column_of(cell)] += log_value_[cell] - row_level[matrix_.row_of(cell)];
      ++column_count[matrix_.column_of(cell)];
    }
    for (std::size_t c = 0; c < columns; ++c) {
      column_level_[c] = column_count[c] > 0 ? column_sum[c] / column_count[c] : 0;
    }
  }
  for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
    if (visible[cell]) {
      residual[cell] = log_value_[cell] - row_level[matrix_.row_of(cell)] -
                       column_level_[matrix_.column_of(cell)];
    }
  }
  // Any start not orthogonal to the leading subspace converges to it.
  for (std::size_t c = 0; c < columns; ++c) {
    for (std::size_t f = 0; f < k; ++f) {
      column_factors_[c * k + f] = 1 + std::cos(static_cast<double>((f + 1) * (c + 1)));
    }
  }
  std::vector<double> row_factors(matrix_.row_count() * k);
  for (int iteration = 0; iteration < 30; ++iteration) {
    std::fill(row_factors.begin(), row_factors.end(), 0);
    for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
      for (std::size_t f = 0; f < k; ++f) {
        row_factors[matrix_.row_of(cell) * k + f] +=
            residual[cell] * column_factors_[matrix_.column_of(cell) * k + f];
      }
    }
    std::fill(column_factors_.begin(), column_factors_.end(), 0);
    for (std::size_t cell = 0; cell < matrix_.size(); ++cell) {
      for (std::size_t f = 0; f < k; ++f) {
        column_factors_[matrix_.column_of(cell) * k + f] +=
            residual[cell] * row_factors[matrix_.row_of(cell) * k + f];
      }
    }
    for (std::size_t f = 0; f < k; ++f) {  // Gram-Schmidt, unit length
      for (std::size_t g = 0; g < f; ++g) {
        double dot = 0;
        for (std::size_t c = 0; c < columns; ++c) {
          dot += column_factors_[c * k + f] * column_factors_[c * k + g];
        }
        for (std::size_t c = 0; c < columns; ++c) {
          column_factors_[c * k + f] -= dot * column_factors_[c * k + g];
        }
      }
      double norm = 0;
      for (std::size_t c = 0; c < columns; ++c) norm += std::pow(column_factors_[c * k + f], 2);
      norm = std::sqrt(norm);
      for (std::size_t c = 0; c < columns; ++c) {
        column_factors_[c * k + f] = norm > 0 ? column_factors_[c * k + f] / norm : 0;
      }
    }
  }
}

std::optional<CrossModel::RowParameters> CrossModel::solve_row(
    std::size_t row, const std::vector<char>& visible) const {
  // The normal equations of [1, v_testbed] -> log value - testbed level, built in place: this
  // runs for every row in every sweep.
  const std::size_t k = settings_.rank, n = k + 1;
  std::vector<double> normal(n * n, 0.0), rhs(n, 0.0);
  std::array<double, 4> x{};
  bool any = false;
  for (std::size_t cell : matrix_.row_cells(row)) {
    const std::size_t c = matrix_.column_of(cell);
    if (!visible[cell] || !column_fitted_[c]) continue;
    any = true;
    x[0] = 1;
    for (std::size_t f = 0; f < k; ++f) x[f + 1] = column_factors_[c * k + f];
    const double target = log_value_[cell] - column_level_[c];
    for (std::size_t i = 0; i < n; ++i) {
      rhs[i] += x[i] * target;
      for (std::size_t j = 0; j < n; ++j) normal[i * n + j] += x[i] * x[j];
    }
  }
  if (!any) return std::nullopt;
  const double* prior = group_factors_.data() + row_group_[row] * k;
  for (std::size_t i = 1; i < n; ++i) {
    normal[i * n + i] += settings_.ridge;
    rhs[i] += settings_.ridge * prior[i - 1];
  }
  auto solution = solve_spd(std::move(normal), std::move(rhs));
  if (!solution) return std::nullopt;
  const double level = (*solution)[0];
  solution->erase(solution->begin());
  return RowParameters{level, std::move(*solution)};
}

void CrossModel::update_group_factors(const std::vector<std::optional<RowParameters>>& rows) {
  const std::size_t k = settings_.rank;
  if (k == 0) return;
  std::vector<double> sum(group_factors_.size(), 0), count(group_factors_.size() / k, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r]) continue;
    for (std::size_t f = 0; f < k; ++f) sum[row_group_[r] * k + f] += rows[r]->factors[f];
    ++count[row_group_[r]];
  }
  for (std::size_t i = 0; i < group_factors_.size(); ++i) {
    group_factors_[i] = count[i / k] > 0 ? sum[i] / count[i / k] : 0;
  }
}

std::optional<double> CrossModel::estimate(std::size_t row, std::size_t column,
                                           const std::vector<char>& visible) const {
  if (!column_fitted_[column]) return std::nullopt;
  const auto parameters = solve_row(row, visible);
  if (!parameters) return std::nullopt;
  double value = parameters->level + column_level_[column];
  for (std::size_t i = 0; i < settings_.rank; ++i) {
    value += parameters->factors[i] * column_factors_[column * settings_.rank + i];
  }
  return value;
}

namespace {

// The cells held out of one fold of choose_cross_settings: a tenth of the series whole (a testbed
// never measured with that workload) and a tenth of the other cells (gaps in measured series),
// so that the choice serves both.
std::vector<char> training_cells(const Matrix& matrix, const std::vector<char>& visible,
                                 std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  std::bernoulli_distribution held_out(0.1);
  std::vector<char> training = visible;
  for (std::size_t series = 0; series < matrix.series_count(); ++series) {
    if (!held_out(engine)) continue;
    for (std::size_t cell : matrix.series_cells(series)) training[cell] = 0;
  }
  for (std::size_t cell = 0; cell < matrix.size(); ++cell) {
    if (training[cell] && held_out(engine)) training[cell] = 0;
  }
  return training;
}

// Mean absolute log error of `settings` fitted on `training`, over the visible cells left out;
// NaN when none of them could be estimated.
double held_out_error(const Matrix& matrix, const std::vector<char>& visible,
                      const std::vector<char>& training, const CrossSettings& settings) {
  const CrossModel model(matrix, training, settings);
  double error = 0;
  std::size_t counted = 0;
  for (std::size_t cell = 0; cell < matrix.size(); ++cell) {
    if (!visible[cell] || training[cell]) continue;
    const auto estimate = model.estimate(matrix.row_of(cell), matrix.column_of(cell), training);
    if (!estimate) continue;
    error += std::abs(*estimate - std::log(matrix.cells()[cell].value));
    ++counted;
  }
  return counted > 0 ? error / static_cast<double>(counted) : NAN;
}

}  // namespace

CrossSettings choose_cross_settings(const Matrix& matrix, const std::vector<char>& visible) {
  // Folds holding out different cells, until 5,000 held-out cells are judged (at most three):
  // on one fold of a small matrix the chosen rank flipped between 1 and 3 with the order of the
  // cells (issue 18); a large matrix's one fold judges enough cells for a steady choice.
  constexpr std::uint64_t most_folds = 3;
  constexpr std::size_t enough_held_out = 5000;
  std::vector<std::vector<char>> trainings;
  std::size_t held_out = 0;
  for (std::uint64_t fold = 0; fold < most_folds && held_out < enough_held_out; ++fold) {
    trainings.push_back(training_cells(matrix, visible, 20261130 + fold));
    for (std::size_t cell = 0; cell < matrix.size(); ++cell) {
      held_out += visible[cell] && !trainings.back()[cell];
    }
  }
  CrossSettings best;
  double best_error = INFINITY;
  for (std::size_t rank = 0; rank <= 3; ++rank) {
    for (double ridge : {0.3, 1.0, 3.0}) {
      if (rank == 0 && ridge != 1.0) continue;  // no factors to penalise
      CrossSettings settings;
      settings.rank = rank;
      settings.ridge = ridge;
      double error = 0;
      std::size_t counted = 0;
      for (const auto& training : trainings) {
        const double fold_error = held_out_error(matrix, visible, training, settings);
        if (std::isnan(fold_error)) continue;
        error += fold_error;
        ++counted;
      }
      if (counted > 0 && error / static_cast<double>(counted) < best_error) {
        best_error = error / static_cast<double>(counted);
        best = settings;
      }
    }
  }
  return best;
}

}  // namespace perfwatch::model
