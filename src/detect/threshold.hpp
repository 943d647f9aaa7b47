// detect: regression detection over the store's history. A threshold says how a new value is
// judged against the history of its (branch, testbed, measure): which test draws the limits,
// from how much history, and how far each side may go.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/thresholds.hpp"

namespace perfwatch::detect {

// The tests that turn a history into limits (stats/bounds.hpp). Their boundary is a multiple k
// of the spread (z_score, iqr, delta_iqr, log_normal), a fraction of the mean (percentage, 0.1 =
// 10 %), a confidence level in (0, 1) (t_test: Student's t prediction interval), or the limit
// itself (static).
inline constexpr std::string_view threshold_tests[] = {
    "static", "percentage", "z_score", "t_test", "iqr", "delta_iqr", "log_normal"};

// A rule (store::ThresholdRule: the fields and their defaults) with where it came from.
struct Threshold : store::ThresholdRule {
  int64_t id = 0;      // the stored threshold's; 0 for the built-in default and configured ones
  std::string origin;  // where it was configured: "default", "database" or "FILE:LINE"
};

// What applies where nothing is configured: IQR with k = 3 on both sides over the last 100
// reports, from 5 values on. Robust to the outliers timings have (no mean, no variance).
Threshold default_threshold();

// Throws InputError naming `where` (a flag, or FILE:LINE) for an unknown test, a missing or bad
// boundary, or a window or minimum sample size below 1.
void validate_threshold(const Threshold& threshold, const std::string& where = "");

// `threshold` as the store keeps it, for `project`.
store::StoredThreshold to_stored(const Threshold& threshold, const std::string& project);

// The threshold for a metric: the one matching the most of branch, testbed and measure (an empty
// field matches anything; more specific wins, then those of the configuration file, then the
// newest stored), else the default.
class ThresholdChooser {
 public:
  // `stored`: the project's stored thresholds by id (store::list_thresholds).
  explicit ThresholdChooser(const std::vector<store::StoredThreshold>& stored,
                            const std::vector<Threshold>& configured = {});
  const Threshold& choose(std::string_view branch, std::string_view testbed,
                          std::string_view measure) const;

 private:
  std::vector<Threshold> stored_;
  Threshold default_ = default_threshold();
};

}  // namespace perfwatch::detect
