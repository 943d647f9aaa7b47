// stats: pure statistics over samples of doubles: descriptive statistics, outlier detection,
// two-sample tests (Welch, Mann-Whitney), bootstrap confidence intervals and the threshold
// boundaries regression detection compares new values to. It owns no I/O, knows nothing of the
// store or the model, and depends on nothing but the standard library and Boost.Math. Callers
// pass values already in one unit. Degenerate input (too few points, no spread where a result
// would divide by it, non-finite values) gives an empty optional, never NaN and never a throw.
#pragma once

#include <optional>
#include <span>

namespace perfwatch::stats {

// True when every value is finite (no NaN, no infinity); true for an empty span.
bool all_finite(std::span<const double> values);

// Arithmetic mean; empty if there are no values or one is not finite.
std::optional<double> mean(std::span<const double> values);

// Median (mean of the two middle values for an even count); empty if there are no values or one
// is not finite.
std::optional<double> median(std::span<const double> values);

// Smallest and largest value; empty if there are no values or one is not finite.
std::optional<double> minimum(std::span<const double> values);
std::optional<double> maximum(std::span<const double> values);

// Quantile by linear interpolation between order statistics: Hyndman & Fan (1996) type 7, the
// default of NumPy's quantile and R's quantile. Empty if there are no values, one is not finite,
// or probability is outside [0, 1].
std::optional<double> quantile(std::span<const double> values, double probability);

// Type 7 quantile of values already sorted ascending, finite and non-empty (the caller checks);
// probability in [0, 1].
double quantile_of_sorted(std::span<const double> sorted, double probability);

// Sample variance (divides by n - 1), computed in two passes; empty for fewer than two values or
// a non-finite one.
std::optional<double> variance(std::span<const double> values);

// Sample standard deviation, sqrt(variance); same contract as variance.
std::optional<double> stddev(std::span<const double> values);

// Coefficient of variation: sample stddev / |mean|. Empty for fewer than two values, a non-finite
// one, or a zero mean.
std::optional<double> coefficient_of_variation(std::span<const double> values);

// Interquartile range Q3 - Q1 with type 7 quantiles (SciPy's iqr default); empty if there are no
// values or one is not finite.
std::optional<double> interquartile_range(std::span<const double> values);

// raw: median(|x - median|) as is. normal: multiplied by 1 / Phi^-1(3/4) ~ 1.4826 so that it
// estimates the standard deviation of normal data (SciPy's median_abs_deviation(scale="normal")).
enum class MadScale { raw, normal };

// Median absolute deviation around the median; empty if there are no values or one is not
// finite.
std::optional<double> median_absolute_deviation(std::span<const double> values,
                                                MadScale scale = MadScale::raw);

}  // namespace perfwatch::stats
