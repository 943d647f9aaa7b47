#include "stats/welch.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "stats/descriptive.hpp"

namespace perfwatch::stats {

std::optional<WelchResult> welch_t_test(std::span<const double> a, std::span<const double> b) {
  const std::optional<double> mean_a = mean(a);
  const std::optional<double> mean_b = mean(b);
  const std::optional<double> variance_a = variance(a);
  const std::optional<double> variance_b = variance(b);
  if (!mean_a || !mean_b || !variance_a || !variance_b) return std::nullopt;

  const auto n_a = static_cast<double>(a.size());
  const auto n_b = static_cast<double>(b.size());
  const double share_a = *variance_a / n_a;  // squared standard error of mean(a)
  const double share_b = *variance_b / n_b;
  const double squared_error = share_a + share_b;
  if (squared_error == 0.0) return std::nullopt;

  WelchResult result;
  result.t = (*mean_a - *mean_b) / std::sqrt(squared_error);
  // Welch-Satterthwaite: (s_a^2/n_a + s_b^2/n_b)^2 / sum of (s_i^2/n_i)^2 / (n_i - 1).
  result.degrees_of_freedom = squared_error * squared_error /
                              (share_a * share_a / (n_a - 1.0) + share_b * share_b / (n_b - 1.0));
  const boost::math::students_t_distribution<double> distribution(result.degrees_of_freedom);
  result.p_value =
      2.0 * boost::math::cdf(boost::math::complement(distribution, std::abs(result.t)));
  if (!std::isfinite(result.t) || !std::isfinite(result.p_value)) return std::nullopt;
  return result;
}

}  // namespace perfwatch::stats
