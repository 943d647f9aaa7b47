#include "model/least_squares.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace perfwatch::model {

std::optional<std::vector<double>> solve_spd(std::vector<double> a, std::vector<double> b) {
  const std::size_t n = b.size();
  // In-place Cholesky: the lower triangle of `a` becomes L with A = L L^T.
  for (std::size_t j = 0; j < n; ++j) {
    double diagonal = a[j * n + j];
    for (std::size_t k = 0; k < j; ++k) diagonal -= a[j * n + k] * a[j * n + k];
    if (!(diagonal > 1e-12 * (std::abs(a[j * n + j]) + 1e-300))) return std::nullopt;
    const double pivot = std::sqrt(diagonal);
    a[j * n + j] = pivot;
    for (std::size_t i = j + 1; i < n; ++i) {
      double sum = a[i * n + j];
      for (std::size_t k = 0; k < j; ++k) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / pivot;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // L z = b
    for (std::size_t k = 0; k < i; ++k) b[i] -= a[i * n + k] * b[k];
    b[i] /= a[i * n + i];
  }
  for (std::size_t i = n; i-- > 0;) {  // L^T x = z
    for (std::size_t k = i + 1; k < n; ++k) b[i] -= a[k * n + i] * b[k];
    b[i] /= a[i * n + i];
  }
  return b;
}

std::optional<LinearFit> least_squares(const std::vector<double>& x, std::size_t columns,
                                       const std::vector<double>& y, double ridge,
                                       std::size_t free_columns) {
  const std::size_t rows = y.size();
  if (rows == 0 || x.size() != rows * columns) return std::nullopt;
  std::vector<double> normal(columns * columns, 0.0), rhs(columns, 0.0);
  for (std::size_t r = 0; r < rows; ++r) {
    const double* row = &x[r * columns];
    for (std::size_t i = 0; i < columns; ++i) {
      rhs[i] += row[i] * y[r];
      for (std::size_t j = 0; j <= i; ++j) normal[i * columns + j] += row[i] * row[j];
    }
  }
  for (std::size_t i = 0; i < columns; ++i) {
    for (std::size_t j = 0; j < i; ++j) normal[j * columns + i] = normal[i * columns + j];
    if (i >= free_columns) normal[i * columns + i] += ridge;
  }
  auto solution = solve_spd(normal, rhs);
  if (!solution) return std::nullopt;
  LinearFit fit;
  fit.coefficients = std::move(*solution);
  for (std::size_t r = 0; r < rows; ++r) {
    double predicted = 0;
    for (std::size_t i = 0; i < columns; ++i) predicted += x[r * columns + i] * fit.coefficients[i];
    fit.residual_sum_of_squares += (y[r] - predicted) * (y[r] - predicted);
  }
  if (rows <= columns || ridge > 0) return fit;
  fit.degrees_of_freedom = rows - columns;
  // Var(beta) = sigma^2 (X^T X)^-1, one column of the inverse at a time.
  const double variance = fit.residual_sum_of_squares / static_cast<double>(fit.degrees_of_freedom);
  for (std::size_t i = 0; i < columns; ++i) {
    std::vector<double> unit(columns, 0.0);
    unit[i] = 1;
    const auto column = solve_spd(normal, unit);
    if (!column) return std::nullopt;
    fit.standard_errors.push_back(std::sqrt(variance * (*column)[i]));
  }
  return fit;
}

double t_quantile(double level, std::size_t dof) {
  const boost::math::students_t distribution(static_cast<double>(dof));
  return boost::math::quantile(distribution, 0.5 + level / 2);
}

}  // namespace perfwatch::model
