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

struct Threshold {
  int64_t id = 0;       // 0 for the built-in default
  std::string branch;   // empty: any branch
  std::string testbed;  // empty: any testbed
  std::string measure;  // empty: any measure
  std::string test = "iqr";
  // The newest N earlier reports. The step test pools the noise of the whole window
  // (verdict.hpp): 100 give it about 100 degrees of freedom, where 30 leave a t test too weak
  // for 5 % steps on 2 % noise (docs/detection.md).
  int64_t window_reports = 100;
  std::optional<int64_t> window_seconds;  // and/or only those this recent
  int64_t min_sample_size = 5;            // fewer earlier values: no verdict
  std::optional<double> lower_boundary;
  std::optional<double> upper_boundary;
  // Relative change below which nothing fails (0.02 = 2 %); empty: derived from the noise.
  std::optional<double> min_change;
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
