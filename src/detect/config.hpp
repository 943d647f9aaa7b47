// What perfwatch.toml says about regression detection: [[threshold]], [[slo]] and [[measure]]
// (directions.hpp) tables. Other tables of the file (the runner's suites) are not read here.
//
//   [[threshold]]              # every key optional except a boundary
//   branch = "main"            # only this branch / testbed / measure (default: any)
//   testbed = "ci-large"
//   measure = "latency"
//   test = "iqr"               # static, percentage, z_score, t_test, iqr, delta_iqr, log_normal
//   lower = 3.0                # boundaries, as `perfwatch threshold add --lower/--upper`
//   upper = 3.0
//   window = 30                # the newest N earlier reports
//   window_days = 14           # and only those this recent
//   min_samples = 5            # fewer earlier values: no verdict
//   min_change = 0.02          # a change below 2 % never fails (default: from the noise)
//
//   [[slo]]
//   benchmark = "parse*"       # name, with * and ? wildcards (default "*": every benchmark)
//   objective = "throughput >= 80 MiB/s"   # MEASURE >= or <= NUMBER [UNIT]
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "detect/directions.hpp"
#include "detect/threshold.hpp"

namespace perfwatch::detect {

// An absolute bound on one measure of the benchmarks matching a pattern.
struct ServiceLevelObjective {
  std::string benchmark = "*";  // fnmatch pattern
  std::string measure;
  bool at_least = true;  // ">=": higher must stay above; "<=": must stay below
  double limit = 0;      // in `unit`
  std::string unit;      // as written; empty: the measure's own units
  std::string origin;    // FILE:LINE
};

// "throughput >= 80 MiB/s" -> measure, direction, limit and unit. Throws InputError naming
// `where` when it does not read so.
ServiceLevelObjective parse_objective(std::string_view text, const std::string& where);

struct DetectionConfig {
  std::vector<Threshold> thresholds;  // in file order
  std::vector<ServiceLevelObjective> objectives;
  DeclaredDirections directions;  // [[measure]] tables
};

// Reads the [[threshold]], [[slo]] and [[measure]] tables of a TOML file. Throws InputError naming
// the file, line and column for a syntax error, an unknown key in those tables, a value of the
// wrong type or a threshold that would be refused by `perfwatch threshold add`.
DetectionConfig read_detection_config(const std::filesystem::path& path);

// The same from the text of such a file (sent to a results server by `check --server`); errors
// name `path`.
DetectionConfig parse_detection_config(std::string_view text, const std::filesystem::path& path);

}  // namespace perfwatch::detect
