// detect: regression detection over the store's history. A threshold says how a new value is
// judged against the history of its (branch, testbed, measure): which test draws the limits,
// from how much history, and how far each side may go.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/duckdb.hpp"
#include "store/listing.hpp"

namespace perfwatch::detect {

// The tests that turn a history into limits (stats/bounds.hpp). Their boundary is a multiple k
// of the spread (z_score, iqr, delta_iqr, log_normal), a fraction of the mean (percentage, 0.1 =
// 10 %), or the limit itself (static).
inline constexpr std::string_view threshold_tests[] = {"static", "percentage", "z_score",
                                                       "iqr",    "delta_iqr",  "log_normal"};

struct Threshold {
  int64_t id = 0;       // 0 for the built-in default
  std::string branch;   // empty: any branch
  std::string testbed;  // empty: any testbed
  std::string measure;  // empty: any measure
  std::string test = "iqr";
  int64_t window_reports = 30;            // the newest N earlier reports
  std::optional<int64_t> window_seconds;  // and/or only those this recent
  int64_t min_sample_size = 5;            // fewer earlier values: no verdict
  std::optional<double> lower_boundary;
  std::optional<double> upper_boundary;
};

// What applies where nothing is configured: IQR with k = 3 on both sides over the last 30
// reports, from 5 values on. Robust to the outliers timings have (no mean, no variance).
Threshold default_threshold();

// Stores a threshold for `project`; its branch, testbed and measure must exist when named.
// Throws InputError naming the flag for an unknown name, test, or a bad boundary. Returns its id.
int64_t add_threshold(db::Connection& connection, const std::string& project,
                      const Threshold& threshold);
// Removes threshold `id`; throws InputError when there is none.
void remove_threshold(db::Connection& connection, int64_t id);
// Thresholds of the project (all projects when empty), by id.
Listing list_thresholds(db::Connection& connection, const std::string& project);

// The threshold for a metric: the stored one matching the most of branch, testbed and measure
// (an empty field matches anything; more specific wins, then the newest), else the default.
class ThresholdChooser {
 public:
  ThresholdChooser(db::Connection& connection, int64_t project_id);
  const Threshold& choose(std::string_view branch, std::string_view testbed,
                          std::string_view measure) const;

 private:
  std::vector<Threshold> stored_;
  Threshold default_ = default_threshold();
};

}  // namespace perfwatch::detect
