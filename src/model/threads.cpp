#include "model/threads.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>

#include "model/least_squares.hpp"

namespace perfwatch::model {

namespace {

using Basis = std::vector<std::function<double(double)>>;

struct Nonnegative {
  std::vector<double> coefficients;
  double rss = 0;
};

// Least squares with every coefficient >= 0: the best of the fits on each subset of the basis
// (that contains `required`) whose coefficients all came out non-negative.
std::optional<Nonnegative> nonnegative_fit(const Basis& basis, const std::vector<double>& p,
                                           const std::vector<double>& y, std::size_t required) {
  std::optional<Nonnegative> best;
  for (unsigned subset = 1; subset < (1u << basis.size()); ++subset) {
    if (!(subset & (1u << required))) continue;
    std::vector<std::size_t> chosen;
    for (std::size_t b = 0; b < basis.size(); ++b) {
      if (subset & (1u << b)) chosen.push_back(b);
    }
    if (chosen.size() > p.size()) continue;
    std::vector<double> design;
    for (double v : p) {
      for (std::size_t b : chosen) design.push_back(basis[b](v));
    }
    const auto fit = least_squares(design, chosen.size(), y);
    if (!fit || *std::min_element(fit->coefficients.begin(), fit->coefficients.end()) < 0) continue;
    if (best && fit->residual_sum_of_squares >= best->rss) continue;
    Nonnegative result{std::vector<double>(basis.size(), 0.0), fit->residual_sum_of_squares};
    for (std::size_t k = 0; k < chosen.size(); ++k)
      result.coefficients[chosen[k]] = fit->coefficients[k];
    best = result;
  }
  return best;
}

double relative_rms(double rss, const std::vector<double>& y) {
  double mean = 0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  return std::sqrt(rss / static_cast<double>(y.size())) / mean;
}

std::size_t distinct(const std::vector<double>& p) {
  return std::set<double>(p.begin(), p.end()).size();
}

// Residual bootstrap: `refit` on fitted + resampled residuals, `statistic` of each refit.
std::optional<Interval> bootstrap(
    const std::vector<double>& fitted, const std::vector<double>& residuals,
    const std::function<std::optional<double>(const std::vector<double>&)>& statistic) {
  std::mt19937_64 engine(13);
  std::uniform_int_distribution<std::size_t> pick(0, residuals.size() - 1);
  std::vector<double> values, resampled(fitted.size());
  for (int b = 0; b < 200; ++b) {
    for (std::size_t k = 0; k < fitted.size(); ++k)
      resampled[k] = fitted[k] + residuals[pick(engine)];
    if (const auto value = statistic(resampled)) values.push_back(*value);
  }
  if (values.size() < 100) return std::nullopt;  // most resamples had no such value
  std::sort(values.begin(), values.end());
  return Interval{values[values.size() * 25 / 1000], values[values.size() * 975 / 1000]};
}

const Basis amdahl_basis = {[](double) { return 1.0; }, [](double p) { return 1 / p; }};
const Basis usl_basis = {[](double p) { return 1 / p; }, [](double p) { return (p - 1) / p; },
                         [](double p) { return p - 1; }};

double evaluate(const Basis& basis, const std::vector<double>& coefficients, double p) {
  double value = 0;
  for (std::size_t b = 0; b < basis.size(); ++b) value += coefficients[b] * basis[b](p);
  return value;
}

}  // namespace

double AmdahlFit::max_speedup() const {
  return parallel_fraction >= 1 ? std::numeric_limits<double>::infinity()
                                : 1 / (1 - parallel_fraction);
}

std::optional<double> UslFit::peak_concurrency() const {
  if (kappa <= 0 || sigma >= 1) return std::nullopt;
  return std::sqrt((1 - sigma) / kappa);
}

std::optional<AmdahlFit> fit_amdahl(const std::vector<double>& p, const std::vector<double>& time) {
  if (p.size() != time.size() || distinct(p) < 2) return std::nullopt;
  auto fraction = [&](const std::vector<double>& y) -> std::optional<double> {
    const auto fit = nonnegative_fit(amdahl_basis, p, y, 1);
    if (!fit) return std::nullopt;
    return fit->coefficients[1] / (fit->coefficients[0] + fit->coefficients[1]);
  };
  const auto fit = nonnegative_fit(amdahl_basis, p, time, 1);
  if (!fit) return std::nullopt;
  AmdahlFit result;
  result.single = fit->coefficients[0] + fit->coefficients[1];
  result.parallel_fraction = fit->coefficients[1] / result.single;
  result.relative_rms = relative_rms(fit->rss, time);
  std::vector<double> fitted, residuals;
  for (std::size_t k = 0; k < p.size(); ++k) {
    fitted.push_back(evaluate(amdahl_basis, fit->coefficients, p[k]));
    residuals.push_back(time[k] - fitted.back());
  }
  if (p.size() >= 4) result.parallel_fraction_interval = bootstrap(fitted, residuals, fraction);
  return result;
}

std::optional<UslFit> fit_usl(const std::vector<double>& p, const std::vector<double>& time) {
  if (p.size() != time.size() || distinct(p) < 3) return std::nullopt;
  auto solve = [&](const std::vector<double>& y) -> std::optional<UslFit> {
    const auto fit = nonnegative_fit(usl_basis, p, y, 0);
    if (!fit || fit->coefficients[0] <= 0) return std::nullopt;
    UslFit result;
    result.lambda = 1 / fit->coefficients[0];
    result.sigma = fit->coefficients[1] / fit->coefficients[0];
    result.kappa = fit->coefficients[2] / fit->coefficients[0];
    result.relative_rms = relative_rms(fit->rss, y);
    return result;
  };
  auto result = solve(time);
  if (!result) return std::nullopt;
  std::vector<double> fitted, residuals;
  for (std::size_t k = 0; k < p.size(); ++k) {
    fitted.push_back(1 / result->lambda *
                     (1 / p[k] + result->sigma * (p[k] - 1) / p[k] + result->kappa * (p[k] - 1)));
    residuals.push_back(time[k] - fitted.back());
  }
  if (p.size() >= 4) {
    result->sigma_interval = bootstrap(fitted, residuals, [&](const auto& y) {
      const auto fit = solve(y);
      return fit ? std::optional<double>(fit->sigma) : std::nullopt;
    });
    result->kappa_interval = bootstrap(fitted, residuals, [&](const auto& y) {
      const auto fit = solve(y);
      return fit ? std::optional<double>(fit->kappa) : std::nullopt;
    });
    result->peak_interval = bootstrap(fitted, residuals, [&](const auto& y) {
      const auto fit = solve(y);
      return fit ? fit->peak_concurrency() : std::nullopt;
    });
  }
  return result;
}

}  // namespace perfwatch::model
