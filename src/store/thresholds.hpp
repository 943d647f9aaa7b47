// store: the thresholds `perfwatch threshold` and the results server add, list, remove and
// copy between branches, and the start point a branch forked from. The same SQL runs on the
// DuckDB file and on PostgreSQL (db::Session). What a threshold means and which values are valid
// is detect/threshold.hpp's; the callers validate before storing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/listing.hpp"
#include "store/sql.hpp"

namespace perfwatch::store {

// What a threshold says, kept or configured: the series it applies to and how their new values
// are judged. detect::Threshold and StoredThreshold both are one, so a field added here reaches
// the store, the configuration file's thresholds and the checks alike. The meaning of each field
// and the values allowed are detect/threshold.hpp's; the defaults are those of a threshold
// nothing configured (detect::default_threshold).
struct ThresholdRule {
  std::string branch;   // empty: any branch
  std::string testbed;  // empty: any testbed
  std::string measure;  // empty: any measure
  std::string test = "iqr";
  // The newest N earlier reports. The step test pools the noise of the whole window
  // (detect/verdict.hpp): 100 give it about 100 degrees of freedom, where 30 leave a t test too
  // weak for 5 % steps on 2 % noise (docs/detection.md).
  int64_t window_reports = 100;
  std::optional<int64_t> window_seconds;  // and/or only those this recent
  int64_t min_sample_size = 5;            // fewer earlier values: no verdict
  std::optional<double> lower_boundary;
  std::optional<double> upper_boundary;
  // Relative change below which nothing fails (0.02 = 2 %); empty: derived from the noise.
  std::optional<double> min_change;
};

// A threshold as the store keeps it: its rule, for a project.
struct StoredThreshold : ThresholdRule {
  int64_t id = 0;
  std::string project;
};

// The thresholds as `threshold ls` and the server's API show them: one object per threshold,
// "*" for a branch, testbed or measure it does not name, null for what it leaves open.
Listing threshold_listing(const std::vector<StoredThreshold>& thresholds);

// Stores `threshold` for its project; the project, and its branch, testbed and measure when
// named, must exist. Throws InputError naming the flag (--project, --branch, ...) otherwise.
// Returns its id.
int64_t add_threshold(db::Session& session, const StoredThreshold& threshold);

// Removes threshold `id` (of project `project_id`, when given); false when there is none.
bool remove_threshold(db::Session& session, int64_t id,
                      std::optional<int64_t> project_id = std::nullopt);

// The thresholds of `project` (every project when empty), by id.
std::vector<StoredThreshold> list_thresholds(db::Session& session, const std::string& project);

// Copies the thresholds of branch `from` to branch `to` of `project`, except those for a
// testbed and measure `to` already has its own for (so a second copy copies nothing); returns
// how many. Throws InputError naming --project, --from or --to for an unknown name.
std::size_t clone_thresholds(db::Session& session, const std::string& project,
                             const std::string& from, const std::string& to);

// Records that `branch` started from `base` at `commit` (a prefix of the commit of a report of
// base): checks then use base's history only up to that commit's report. Throws InputError
// naming --start-point when no report of base, or several commits, match.
void set_start_point(db::Session& session, const std::string& project, const std::string& branch,
                     const std::string& base, const std::string& commit);

// The project named, or the only one the database holds; throws InputError naming --project
// when it is not named and the database holds none or several.
std::string project_or_only(db::Session& session, const std::string& project);

}  // namespace perfwatch::store
