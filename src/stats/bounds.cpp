#include "stats/bounds.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

#include "stats/descriptive.hpp"

namespace perfwatch::stats {
namespace {

bool valid_multiple(double k) { return std::isfinite(k) && k >= 0.0; }

}  // namespace

std::optional<Limits> static_limits(double lower, double upper) {
  if (!std::isfinite(lower) || !std::isfinite(upper) || lower > upper) return std::nullopt;
  return Limits{std::nullopt, lower, upper};
}

std::optional<Limits> percentage_limits(std::span<const double> history, double fraction) {
  const std::optional<double> centre = mean(history);
  if (!centre || !valid_multiple(fraction)) return std::nullopt;
  const double allowance = fraction * std::abs(*centre);
  return Limits{*centre, *centre - allowance, *centre + allowance};
}

std::optional<Limits> z_score_limits(std::span<const double> history, double k) {
  const std::optional<double> centre = mean(history);
  const std::optional<double> spread = stddev(history);
  if (!centre || !spread || *spread == 0.0 || !valid_multiple(k)) return std::nullopt;
  return Limits{*centre, *centre - k * *spread, *centre + k * *spread};
}

std::optional<Limits> t_test_limits(std::span<const double> history, double confidence) {
  const std::optional<double> centre = mean(history);
  const std::optional<double> spread = stddev(history);
  if (!centre || !spread || *spread == 0.0 || !(confidence > 0.0 && confidence < 1.0)) {
    return std::nullopt;
  }
  const auto n = static_cast<double>(history.size());
  const boost::math::students_t_distribution<double> distribution(n - 1.0);
  const double half_width = boost::math::quantile(distribution, (1.0 + confidence) / 2.0) *
                            *spread * std::sqrt(1.0 + 1.0 / n);
  return Limits{*centre, *centre - half_width, *centre + half_width};
}

std::optional<double> z_score(std::span<const double> history, double value) {
  const std::optional<double> centre = mean(history);
  const std::optional<double> spread = stddev(history);
  if (!centre || !spread || *spread == 0.0 || !std::isfinite(value)) return std::nullopt;
  return (value - *centre) / *spread;
}

std::optional<Limits> iqr_limits(std::span<const double> history, double k) {
  if (history.size() < 2) return std::nullopt;
  const std::optional<double> centre = median(history);
  const std::optional<double> spread = interquartile_range(history);
  if (!centre || !spread || *spread == 0.0 || !valid_multiple(k)) return std::nullopt;
  return Limits{*centre, *centre - k * *spread, *centre + k * *spread};
}

std::optional<Limits> delta_iqr_limits(std::span<const double> history, double k) {
  if (history.size() < 3 || !all_finite(history) || !valid_multiple(k)) return std::nullopt;
  std::vector<double> changes;
  changes.reserve(history.size() - 1);
  for (std::size_t index = 0; index + 1 < history.size(); ++index) {
    if (history[index] == 0.0) return std::nullopt;
    changes.push_back(std::abs((history[index + 1] - history[index]) / history[index]));
  }
  const double spread = *interquartile_range(changes);
  if (spread == 0.0) return std::nullopt;
  const double centre = *median(history);
  const double allowance = k * spread * std::abs(centre);
  return Limits{centre, centre - allowance, centre + allowance};
}

std::optional<Limits> log_normal_limits(std::span<const double> history, double k) {
  if (history.size() < 2 || !valid_multiple(k) || !all_finite(history) ||
      !std::ranges::all_of(history, [](double value) { return value > 0.0; })) {
    return std::nullopt;
  }
  std::vector<double> logs;
  logs.reserve(history.size());
  for (double value : history) logs.push_back(std::log(value));
  const double mu = *mean(logs);
  const double sigma = *stddev(logs);
  if (sigma == 0.0) return std::nullopt;
  return Limits{std::exp(mu), std::exp(mu - k * sigma), std::exp(mu + k * sigma)};
}

}  // namespace perfwatch::stats
