// model: what in a history deserves attention: how noisy a series is and what would help, how
// far its latest value moved, testbeds that scale unlike the others on a benchmark, and service-
// level objectives whose margin shrinks.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perfwatch::model {

// 1.4826 MAD / median: the relative standard deviation of normal noise, robust to outliers;
// nullopt with fewer than three values or a median of 0.
std::optional<double> robust_spread(std::vector<double> values);

// What would make a series of this relative spread and length informative.
std::string noise_advice(double spread, std::size_t values, bool is_time);

struct Move {
  double before = 0;  // median of the values before the latest
  double after = 0;   // the latest value
  double change = 0;  // after / before - 1
};

// The latest value against the median of the `window` values before it (all, when 0);
// nullopt with fewer than two values.
std::optional<Move> latest_move(const std::vector<double>& values, std::size_t window = 0);

struct ScalingAnomaly {
  std::size_t index = 0;  // into the exponents given
  double exponent = 0, typical = 0;
};

// Exponents (Extra-P's n exponent) of one benchmark's series on several testbeds: those more
// than `tolerance` from the median of the others. Needs three exponents or more.
std::vector<ScalingAnomaly> scaling_anomalies(const std::vector<double>& exponents,
                                              double tolerance = 0.5);

struct MarginTrend {
  double first = 0, latest = 0;  // fitted margin at the period's first and last report
  double per_report = 0;         // the margin's change per report (Theil-Sen slope)
  // At that pace, reports until the margin is gone; nullopt when it is gone already.
  std::optional<double> reports_left;
};

// `margins`: an objective's margin in each report of the period, oldest first, as a share of
// the limit on the good side (positive: met). The trend is the Theil-Sen line (the median of the
// pairwise slopes: Sen 1968, robust to a few wild reports); nullopt with fewer than four
// margins, or when the line loses less than `min_decline` of the limit over the period.
std::optional<MarginTrend> shrinking_margin(const std::vector<double>& margins,
                                            double min_decline = 0.02);

}  // namespace perfwatch::model
