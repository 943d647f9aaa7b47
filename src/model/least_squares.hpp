// model: small dense least squares (a handful of unknowns), with the coefficients' covariance,
// for the curve, scaling and cross-testbed fits.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace perfwatch::model {

// Solves the symmetric positive definite system A x = b (A row-major, n x n) by Cholesky.
// nullopt when A is not positive definite (collinear columns).
std::optional<std::vector<double>> solve_spd(std::vector<double> a, std::vector<double> b);

struct LinearFit {
  std::vector<double> coefficients;
  std::vector<double> standard_errors;  // empty when there are no residual degrees of freedom
  double residual_sum_of_squares = 0;
  std::size_t degrees_of_freedom = 0;  // observations - coefficients
};

// Ordinary least squares y ~ X (X row-major, rows = y.size(), columns = `columns`), with a
// ridge penalty `ridge` on the coefficients whose index is >= `free_columns` (0: plain OLS).
std::optional<LinearFit> least_squares(const std::vector<double>& x, std::size_t columns,
                                       const std::vector<double>& y, double ridge = 0,
                                       std::size_t free_columns = 0);

// The two-sided Student t quantile for a `level` confidence interval with `dof` degrees of
// freedom (e.g. 0.95 -> 2.0 for large dof).
double t_quantile(double level, std::size_t dof);

}  // namespace perfwatch::model
