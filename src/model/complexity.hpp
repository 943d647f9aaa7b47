// model: how a measure grows with a size parameter n.
// - Google Benchmark's complexity classes (its src/complexity.cc method): for each of O(1),
//   O(log n), O(n), O(n log n), O(n^2), O(n^3), the least-squares coefficient c of y = c f(n);
//   the class with the smallest RMS error relative to the mean wins.
// - Extra-P's performance model normal form with one term and an intercept,
//   y = c0 + c1 n^i log2(n)^j (Calotoiu et al., "Using automated performance modeling to find
//   scalability bugs in complex codes", SC13): every (i, j) of Extra-P's default search space is
//   fitted by least squares and the one with the smallest leave-one-out symmetric MAPE is
//   chosen (its cross-validation criterion). Confidence intervals: t intervals for c0 and c1;
//   for the exponent i, the 2.5th and 97.5th percentiles of the exponent chosen on residual
//   bootstrap resamples (seeded).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perfwatch::model {

struct ComplexityClass {
  std::string name;  // "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)"
  double coefficient = 0;
  double relative_rms = 0;
};

// nullopt with fewer than two distinct sizes. `n` > 0.
std::optional<ComplexityClass> fit_complexity_class(const std::vector<double>& n,
                                                    const std::vector<double>& y);

struct Interval {
  double low = 0, high = 0;
};

struct ExtraPModel {
  double i = 0, j = 0;  // exponent of n and of log2(n); (0, 0): a constant
  double c0 = 0, c1 = 0;
  std::optional<Interval> c0_interval, c1_interval, i_interval;  // 95%
  double cv_smape_percent = 0;  // leave-one-out symmetric MAPE of the chosen hypothesis
  std::string formula() const;  // e.g. "3.1 + 0.02 * n^(3/2) * log2(n)"
  double operator()(double n) const;
};

// nullopt with fewer than three distinct sizes (no hypothesis could be cross-validated).
std::optional<ExtraPModel> fit_extrap(const std::vector<double>& n, const std::vector<double>& y,
                                      std::size_t bootstrap_resamples = 200);

}  // namespace perfwatch::model
