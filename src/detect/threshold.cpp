#include "detect/threshold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.hpp"

namespace perfwatch::detect {

Threshold default_threshold() {
  Threshold threshold;
  threshold.lower_boundary = 3.0;
  threshold.upper_boundary = 3.0;
  threshold.origin = "default";
  return threshold;
}

store::StoredThreshold to_stored(const Threshold& threshold, const std::string& project) {
  return {threshold, 0, project};
}

void validate_threshold(const Threshold& threshold, const std::string& where) {
  // Each message names the flag, or the configuration file's line before the key.
  const auto fail = [&](const char* flag, const char* key, const std::string& message) {
    throw InputError(where.empty() ? std::string(flag) + ": " + message
                                   : where + ": " + key + ": " + message);
  };
  if (std::find(std::begin(threshold_tests), std::end(threshold_tests), threshold.test) ==
      std::end(threshold_tests)) {
    fail("--test", "test",
         "unknown test '" + threshold.test +
             "'; one of: static, percentage, z_score, t_test, iqr, delta_iqr, log_normal");
  }
  if (!threshold.lower_boundary && !threshold.upper_boundary) {
    fail("--lower/--upper", "lower/upper", "give at least one boundary");
  }
  for (const auto& [boundary, flag, key] :
       {std::tuple{threshold.lower_boundary, "--lower", "lower"},
        std::tuple{threshold.upper_boundary, "--upper", "upper"}}) {
    if (!boundary) continue;
    if (!std::isfinite(*boundary)) fail(flag, key, "must be a finite number");
    if (threshold.test == "t_test" && !(*boundary > 0 && *boundary < 1)) {
      fail(flag, key, "a confidence level between 0 and 1 for t_test, e.g. 0.99");
    }
    if (threshold.test != "static" && *boundary < 0) fail(flag, key, "must not be negative");
  }
  if (threshold.window_reports < 1) fail("--window", "window", "must be at least 1");
  if (threshold.min_sample_size < 1) fail("--min-samples", "min_samples", "must be at least 1");
  if (threshold.min_change && !(*threshold.min_change >= 0 && *threshold.min_change < 100)) {
    fail("--min-change", "min_change", "a fraction of the baseline from 0 on, e.g. 0.02 for 2 %");
  }
  if (threshold.window_seconds && *threshold.window_seconds < 1) {
    fail("--window-days", "window_days", "must be positive");
  }
}

ThresholdChooser::ThresholdChooser(const std::vector<store::StoredThreshold>& stored,
                                   const std::vector<Threshold>& configured)
    : stored_(configured) {
  for (auto kept = stored.rbegin(); kept != stored.rend(); ++kept) {  // newest first
    stored_.push_back({*kept, kept->id, "database"});
  }
}

const Threshold& ThresholdChooser::choose(std::string_view branch, std::string_view testbed,
                                          std::string_view measure) const {
  const Threshold* best = &default_;
  int best_score = -1;
  for (const auto& threshold : stored_) {  // configured, then newest first: a tie keeps those
    const auto matches = [](const std::string& wanted, std::string_view actual) {
      return wanted.empty() || wanted == actual;
    };
    if (!matches(threshold.branch, branch) || !matches(threshold.testbed, testbed) ||
        !matches(threshold.measure, measure)) {
      continue;
    }
    const int score =
        !threshold.branch.empty() + !threshold.testbed.empty() + !threshold.measure.empty();
    if (score > best_score) {
      best = &threshold;
      best_score = score;
    }
  }
  return *best;
}

}  // namespace perfwatch::detect
