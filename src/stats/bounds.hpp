// Threshold boundaries for regression detection (stats; see descriptive.hpp for what the folder
// owns): from a history of values of one measure, the limits a new value is compared to. Which
// limit matters depends on the measure's direction; that choice belongs to analysis/, not here.
//
// The tests follow Bencher's, https://bencher.dev/docs/explanation/thresholds/ : a limit is the
// history's centre moved by a multiple of its spread, with the spread measured in different ways.
// Bencher expresses z-score and log-normal boundaries as a cumulative probability; here they take
// the multiple k directly (k = Phi^-1(p) converts), and the log-normal lower limit is
// exp(mu - k sigma) rather than Bencher's mirror image of the upper limit around the baseline.
#pragma once

#include <optional>
#include <span>

namespace perfwatch::stats {

// Lower and upper limit around a baseline (the history's centre, when the test has one). A value
// below lower or above upper is outside the boundary.
struct Limits {
  std::optional<double> baseline;
  double lower = 0.0;
  double upper = 0.0;
};

// Static: the limits are the given values; no history. Empty if either is not finite or
// lower > upper.
std::optional<Limits> static_limits(double lower, double upper);

// Percentage: mean(history) -/+ fraction |mean(history)|; fraction 0.10 allows 10 % either way.
// Empty for an empty history, a non-finite value, or a negative or non-finite fraction.
std::optional<Limits> percentage_limits(std::span<const double> history, double fraction);

// z-score: mean(history) -/+ k stddev(history) (sample stddev). Empty for fewer than two values,
// a non-finite one, zero variance, or a negative or non-finite k.
std::optional<Limits> z_score_limits(std::span<const double> history, double k);

// z of a new value against the history: (value - mean) / stddev. Empty for fewer than two
// history values, a non-finite one or a non-finite value, or zero variance.
std::optional<double> z_score(std::span<const double> history, double value);

// Student's t (the threshold test "t_test"): a prediction interval for one new value of the
// same normal distribution as the history, mean -/+ t(confidence) s sqrt(1 + 1/n), with s the
// sample stddev and t(confidence) the (1 + confidence)/2 quantile of Student's t with n - 1
// degrees of freedom (e.g. Montgomery & Runger, "Applied Statistics and Probability for
// Engineers", section 8.7). Unlike z_score it widens for a short history. Empty for fewer than
// two values, a non-finite one, zero variance, or a confidence outside (0, 1).
std::optional<Limits> t_test_limits(std::span<const double> history, double confidence);

// Interquartile range: median(history) -/+ k (Q3 - Q1), type 7 quartiles. Empty for fewer than
// two values, a non-finite one, a zero interquartile range, or a negative or non-finite k.
std::optional<Limits> iqr_limits(std::span<const double> history, double k);

// Delta interquartile range: the history, in time order, is turned into the relative changes
// between neighbours, |x[i+1] - x[i]| / |x[i]|; with dIQR the interquartile range of those
// changes, the limits are median(history) -/+ k dIQR |median(history)|. It scales the allowed
// change with how much the measure usually moves from one run to the next. Empty for fewer than
// three values (two changes), a non-finite one, a zero value before the last, a zero dIQR, or a
// negative or non-finite k.
std::optional<Limits> delta_iqr_limits(std::span<const double> history, double k);

// Log-normal: with mu and sigma the mean and sample stddev of ln(history), the baseline is
// exp(mu) (the geometric mean) and the limits exp(mu -/+ k sigma). Suits right-skewed timings.
// Empty for fewer than two values, a value that is not finite and positive, zero sigma, or a
// negative or non-finite k.
std::optional<Limits> log_normal_limits(std::span<const double> history, double k);

}  // namespace perfwatch::stats
