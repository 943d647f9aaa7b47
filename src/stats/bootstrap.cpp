#include "stats/bootstrap.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <random>
#include <vector>

#include "stats/descriptive.hpp"

namespace perfwatch::stats {
namespace {

using Statistic = std::function<double(std::span<const double>)>;

// A sample worth resampling: two or more finite values, not all equal.
bool resamplable(std::span<const double> values) {
  return values.size() >= 2 && all_finite(values) &&
         std::ranges::any_of(values, [&](double value) { return value != values.front(); });
}

bool valid(const BootstrapOptions& options) {
  return options.resamples > 0 && options.confidence_level > 0.0 && options.confidence_level < 1.0;
}

// Uniform index in [0, count) from the engine's raw 64-bit output, rejecting the top partial
// block so that every index is equally likely. std::uniform_int_distribution would do the same
// job, but its algorithm differs between standard libraries and so would the intervals.
std::size_t draw_index(std::mt19937_64& engine, std::size_t count) {
  const std::uint64_t range = count;
  const std::uint64_t limit =
      std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t draw = engine();
  while (draw >= limit) draw = engine();
  return static_cast<std::size_t>(draw % range);
}

void resample(std::mt19937_64& engine, std::span<const double> values, std::vector<double>& out) {
  out.resize(values.size());
  for (double& slot : out) slot = values[draw_index(engine, values.size())];
}

ConfidenceInterval percentile_interval(double estimate, std::vector<double>& replicates,
                                       double confidence_level) {
  std::ranges::sort(replicates);
  const double tail = (1.0 - confidence_level) / 2.0;
  return {estimate, quantile_of_sorted(replicates, tail),
          quantile_of_sorted(replicates, 1.0 - tail)};
}

std::optional<ConfidenceInterval> bootstrap_one(std::span<const double> values, std::uint64_t seed,
                                                const BootstrapOptions& options,
                                                const Statistic& statistic) {
  if (!resamplable(values) || !valid(options)) return std::nullopt;
  std::mt19937_64 engine(seed);
  std::vector<double> drawn;
  std::vector<double> replicates;
  replicates.reserve(options.resamples);
  for (std::size_t round = 0; round < options.resamples; ++round) {
    resample(engine, values, drawn);
    replicates.push_back(statistic(drawn));
  }
  return percentile_interval(statistic(values), replicates, options.confidence_level);
}

}  // namespace

std::optional<ConfidenceInterval> bootstrap_mean(std::span<const double> values, std::uint64_t seed,
                                                 const BootstrapOptions& options) {
  return bootstrap_one(values, seed, options,
                       [](std::span<const double> sample) { return *mean(sample); });
}

std::optional<ConfidenceInterval> bootstrap_median(std::span<const double> values,
                                                   std::uint64_t seed,
                                                   const BootstrapOptions& options) {
  return bootstrap_one(values, seed, options,
                       [](std::span<const double> sample) { return *median(sample); });
}

std::optional<ConfidenceInterval> bootstrap_median_ratio(std::span<const double> baseline,
                                                         std::span<const double> candidate,
                                                         std::uint64_t seed,
                                                         const BootstrapOptions& options) {
  const auto positive = [](std::span<const double> values) {
    return std::ranges::all_of(values, [](double value) { return value > 0.0; });
  };
  if (!resamplable(baseline) || !resamplable(candidate) || !valid(options) || !positive(baseline) ||
      !positive(candidate)) {
    return std::nullopt;
  }
  std::mt19937_64 engine(seed);
  std::vector<double> drawn_baseline;
  std::vector<double> drawn_candidate;
  std::vector<double> replicates;
  replicates.reserve(options.resamples);
  for (std::size_t round = 0; round < options.resamples; ++round) {
    resample(engine, baseline, drawn_baseline);
    resample(engine, candidate, drawn_candidate);
    replicates.push_back(*median(drawn_candidate) / *median(drawn_baseline));
  }
  return percentile_interval(*median(candidate) / *median(baseline), replicates,
                             options.confidence_level);
}

}  // namespace perfwatch::stats
