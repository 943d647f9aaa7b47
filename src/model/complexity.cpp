#include "model/complexity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>

#include "model/least_squares.hpp"

namespace perfwatch::model {

namespace {

std::size_t distinct(const std::vector<double>& n) {
  return std::set<double>(n.begin(), n.end()).size();
}

}  // namespace

std::optional<ComplexityClass> fit_complexity_class(const std::vector<double>& n,
                                                    const std::vector<double>& y) {
  if (n.size() != y.size() || distinct(n) < 2) return std::nullopt;
  struct Candidate {
    const char* name;
    double (*f)(double);
  };
  static const Candidate candidates[] = {
      {"O(1)", [](double) { return 1.0; }},
      {"O(log n)", [](double v) { return std::log2(v); }},
      {"O(n)", [](double v) { return v; }},
      {"O(n log n)", [](double v) { return v * std::log2(v); }},
      {"O(n^2)", [](double v) { return v * v; }},
      {"O(n^3)", [](double v) { return v * v * v; }},
  };
  double mean = 0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  std::optional<ComplexityClass> best;
  for (const auto& candidate : candidates) {
    double fy = 0, ff = 0;
    for (std::size_t k = 0; k < n.size(); ++k) {
      fy += candidate.f(n[k]) * y[k];
      ff += candidate.f(n[k]) * candidate.f(n[k]);
    }
    if (ff <= 0) continue;
    const double coefficient = fy / ff;
    double squares = 0;
    for (std::size_t k = 0; k < n.size(); ++k) {
      const double error = y[k] - coefficient * candidate.f(n[k]);
      squares += error * error;
    }
    const double rms = std::sqrt(squares / static_cast<double>(n.size())) / mean;
    if (!best || rms < best->relative_rms) best = ComplexityClass{candidate.name, coefficient, rms};
  }
  return best;
}

namespace {

// Extra-P's default search space for one parameter: these exponents of n, and 0..2 of log2(n).
constexpr double poly_exponents[] = {0,      1 / 4., 1 / 3., 1 / 2., 2 / 3.,  3 / 4., 4 / 5.,
                                     1,      5 / 4., 4 / 3., 3 / 2., 5 / 3.,  7 / 4., 2,
                                     9 / 4., 7 / 3., 5 / 2., 8 / 3., 11 / 4., 3};
constexpr double log_exponents[] = {0, 1, 2};

double term(double n, double i, double j) { return std::pow(n, i) * std::pow(std::log2(n), j); }

struct Hypothesis {
  double i = 0, j = 0;
  std::optional<LinearFit> fit;
  double cv = std::numeric_limits<double>::infinity();
};

std::optional<LinearFit> fit_hypothesis(const std::vector<double>& n, const std::vector<double>& y,
                                        double i, double j, std::size_t skip) {
  std::vector<double> design, target;
  for (std::size_t k = 0; k < n.size(); ++k) {
    if (k == skip) continue;
    design.push_back(1);
    if (i != 0 || j != 0) design.push_back(term(n[k], i, j));
    target.push_back(y[k]);
  }
  return least_squares(design, (i != 0 || j != 0) ? 2 : 1, target);
}

double predict(const LinearFit& fit, double n, double i, double j) {
  return fit.coefficients[0] +
         (fit.coefficients.size() > 1 ? fit.coefficients[1] * term(n, i, j) : 0);
}

Hypothesis best_hypothesis(const std::vector<double>& n, const std::vector<double>& y) {
  Hypothesis best;
  auto consider = [&](double i, double j) {
    double smape = 0;
    for (std::size_t k = 0; k < n.size(); ++k) {
      const auto fit = fit_hypothesis(n, y, i, j, k);
      if (!fit) return;
      const double p = predict(*fit, n[k], i, j);
      const double scale = std::abs(p) + std::abs(y[k]);
      smape += scale > 0 ? 2 * std::abs(p - y[k]) / scale : 0;
    }
    smape /= static_cast<double>(n.size());
    if (smape < best.cv) best = Hypothesis{i, j, fit_hypothesis(n, y, i, j, n.size()), smape};
  };
  consider(0, 0);
  for (double i : poly_exponents) {
    for (double j : log_exponents) {
      if (i != 0 || j != 0) consider(i, j);
    }
  }
  return best;
}

std::string exponent_text(double e) {
  for (int denominator : {1, 2, 3, 4, 5}) {
    const double numerator = e * denominator;
    if (std::abs(numerator - std::round(numerator)) < 1e-9) {
      return denominator == 1 ? fmt::format("{:g}", std::round(numerator))
                              : fmt::format("({:g}/{})", std::round(numerator), denominator);
    }
  }
  return fmt::format("{:.3g}", e);
}

}  // namespace

std::string ExtraPModel::formula() const {
  if (i == 0 && j == 0) return fmt::format("{:.4g}", c0);
  std::string text = fmt::format("{:.4g} + {:.4g}", c0, c1);
  if (i != 0) text += " * n^" + exponent_text(i);
  if (j == 1) text += " * log2(n)";
  if (j > 1) text += fmt::format(" * log2(n)^{:g}", j);
  return text;
}

double ExtraPModel::operator()(double n) const {
  return c0 + ((i != 0 || j != 0) ? c1 * term(n, i, j) : 0);
}

std::optional<ExtraPModel> fit_extrap(const std::vector<double>& n, const std::vector<double>& y,
                                      std::size_t bootstrap_resamples) {
  if (n.size() != y.size() || distinct(n) < 3) return std::nullopt;
  const Hypothesis best = best_hypothesis(n, y);
  if (!best.fit) return std::nullopt;
  ExtraPModel model;
  model.i = best.i;
  model.j = best.j;
  model.c0 = best.fit->coefficients[0];
  model.c1 = best.fit->coefficients.size() > 1 ? best.fit->coefficients[1] : 0;
  model.cv_smape_percent = 100 * best.cv;
  if (!best.fit->standard_errors.empty()) {
    const double t = t_quantile(0.95, best.fit->degrees_of_freedom);
    const auto& se = best.fit->standard_errors;
    model.c0_interval = Interval{model.c0 - t * se[0], model.c0 + t * se[0]};
    if (se.size() > 1) model.c1_interval = Interval{model.c1 - t * se[1], model.c1 + t * se[1]};
  }
  if (bootstrap_resamples > 0 && n.size() >= 4) {
    std::vector<double> residuals(n.size()), exponents;
    for (std::size_t k = 0; k < n.size(); ++k) residuals[k] = y[k] - model(n[k]);
    std::mt19937_64 engine(11);
    std::uniform_int_distribution<std::size_t> pick(0, n.size() - 1);
    std::vector<double> resampled(n.size());
    for (std::size_t b = 0; b < bootstrap_resamples; ++b) {
      for (std::size_t k = 0; k < n.size(); ++k)
        resampled[k] = model(n[k]) + residuals[pick(engine)];
      exponents.push_back(best_hypothesis(n, resampled).i);
    }
    std::sort(exponents.begin(), exponents.end());
    model.i_interval =
        Interval{exponents[exponents.size() * 25 / 1000], exponents[exponents.size() * 975 / 1000]};
  }
  return model;
}

}  // namespace perfwatch::model
