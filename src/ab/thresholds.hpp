// ab: the p-value thresholds of the verdict (see wilcoxon.hpp for what the folder owns).
#pragma once

namespace perfwatch::ab {

// Below this p-value two sides differ (the usual significance level; Pinpoint's low threshold).
inline constexpr double kLowThreshold = 0.01;

// Above this p-value two sides are the same: were the candidate really `magnitude` standard
// deviations (of the log ratios) away from the base, n pairs would give a p-value at or below it
// 99 % of the time, so a p-value above it rules that change out at the 1 % level. This is
// Pinpoint's "high threshold" idea (catapult, dashboard/pinpoint/models/compare/thresholds.py),
// derived here for the signed-rank test: the 0.99 quantile of the test's p-value over 2,000
// simulated sets of n normal log ratios centred on `magnitude` (seeded, so the same every time),
// computed once per (n, magnitude) and remembered. magnitude is rounded down to a step of 0.1
// and n above 200 counts as 200: both only raise the threshold (a SAME needs more evidence).
// magnitude below 0.1 gives 1 (never SAME), above 4 counts as 4.
double high_threshold(int pairs, double magnitude);

}  // namespace perfwatch::ab
