#include "stats/outliers.hpp"

#include <cmath>
#include <numbers>

#include "stats/descriptive.hpp"

namespace perfwatch::stats {

std::optional<std::vector<double>> modified_z_scores(std::span<const double> values) {
  if (values.size() < 2) return std::nullopt;
  const std::optional<double> centre = median(values);
  const std::optional<double> mad = median_absolute_deviation(values, MadScale::raw);
  if (!centre || !mad) return std::nullopt;

  // Scores are (x - median) / scale.
  double scale = 0.0;
  if (*mad > 0.0) {
    scale = *mad / 0.6745;
  } else {
    double total_deviation = 0.0;
    for (double value : values) total_deviation += std::abs(value - *centre);
    const double mean_deviation = total_deviation / static_cast<double>(values.size());
    if (mean_deviation == 0.0) return std::nullopt;
    scale = std::sqrt(std::numbers::pi / 2.0) * mean_deviation;
  }

  std::vector<double> scores;
  scores.reserve(values.size());
  for (double value : values) scores.push_back((value - *centre) / scale);
  return scores;
}

std::optional<std::vector<std::size_t>> outlier_indices(std::span<const double> values,
                                                        double threshold) {
  if (values.size() < 2 || !all_finite(values)) return std::nullopt;
  const std::optional<std::vector<double>> scores = modified_z_scores(values);
  std::vector<std::size_t> indices;
  if (!scores) return indices;  // all values equal
  for (std::size_t index = 0; index < scores->size(); ++index) {
    if (std::abs((*scores)[index]) > threshold) indices.push_back(index);
  }
  return indices;
}

}  // namespace perfwatch::stats
