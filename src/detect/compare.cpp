#include "detect/compare.hpp"

#include <cmath>

#include "stats/bootstrap.hpp"
#include "stats/descriptive.hpp"
#include "stats/mann_whitney.hpp"

namespace perfwatch::detect {
namespace {

double centre(const Series& series) {
  if (series.samples.empty()) return series.value;
  return stats::median(series.samples).value_or(series.value);
}

ComparedSeries compare_series(const SeriesKey& key, const Series& base, const Series& candidate,
                              const CompareOptions& options) {
  ComparedSeries compared;
  compared.key = key;
  compared.units = candidate.units;
  compared.direction = options.directions.direction_of(std::get<2>(key), candidate.direction);
  compared.base = centre(base);
  compared.candidate = centre(candidate);
  compared.ratio = compared.base == 0 ? NAN : compared.candidate / compared.base;
  if (base.samples.size() < 2 || candidate.samples.size() < 2) return compared;

  const auto test = stats::mann_whitney_u(base.samples, candidate.samples);
  if (!test) {
    // Every value on both sides equal (deterministic counts, say), or a non-finite one.
    if (compared.base == compared.candidate) compared.change = Change::same;
    return compared;
  }
  compared.p_value = test->p_value;
  if (const auto interval =
          stats::bootstrap_median_ratio(base.samples, candidate.samples, options.seed)) {
    compared.ratio_lower = interval->lower;
    compared.ratio_upper = interval->upper;
  }
  const bool interval_excludes_one =
      !compared.ratio_lower || *compared.ratio_lower > 1 || *compared.ratio_upper < 1;
  if (*compared.p_value >= options.alpha || !interval_excludes_one ||
      compared.base == compared.candidate) {
    compared.change = Change::same;
    return compared;
  }
  const bool higher = compared.candidate > compared.base;
  const bool higher_is_better = compared.direction == Direction::higher_is_better;
  compared.change = higher == higher_is_better ? Change::better : Change::worse;
  return compared;
}

}  // namespace

std::string_view to_string(Change change) {
  switch (change) {
    case Change::better:
      return "better";
    case Change::worse:
      return "worse";
    case Change::same:
      return "~";
    case Change::undeclared:
      return "undeclared";
    case Change::unsure:
      break;
  }
  return "?";
}

std::vector<std::string> Comparison::undeclared_measures() const {
  std::vector<std::string> measures;
  for (const auto& compared : series) {
    if (compared.change == Change::undeclared) measures.push_back(std::get<2>(compared.key));
  }
  return measures;
}

ComparisonSide side_of(const std::vector<store::SampledMetric>& metrics) {
  ComparisonSide side;
  for (const auto& metric : metrics) {
    side.emplace(
        SeriesKey{metric.benchmark, metric.params, metric.measure},
        Series{metric.units, *parse_direction(metric.direction), metric.value, metric.samples});
  }
  return side;
}

Comparison compare(const ComparisonSide& base, const ComparisonSide& candidate,
                   const CompareOptions& options) {
  Comparison comparison;
  std::map<std::string, std::pair<double, int>> log_ratio_sums;  // measure -> (sum, count)
  for (const auto& [key, base_series] : base) {
    const auto found = candidate.find(key);
    if (found == candidate.end()) {
      comparison.only_base.push_back(key);
      continue;
    }
    auto compared = compare_series(key, base_series, found->second, options);
    if (compared.direction == Direction::unknown) compared.change = Change::undeclared;
    if (compared.base > 0 && compared.candidate > 0) {
      auto& [sum, count] = log_ratio_sums[std::get<2>(key)];
      sum += std::log(compared.ratio);
      ++count;
    }
    comparison.series.push_back(std::move(compared));
  }
  for (const auto& [key, series] : candidate) {
    if (!base.contains(key)) comparison.only_candidate.push_back(key);
  }
  for (const auto& [measure, sum_and_count] : log_ratio_sums) {
    comparison.geomean_ratio[measure] = std::exp(sum_and_count.first / sum_and_count.second);
  }
  return comparison;
}

}  // namespace perfwatch::detect
