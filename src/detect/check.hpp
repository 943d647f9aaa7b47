// A check judges every metric of one report against the history of the same benchmark and
// measure on the same testbed, under the threshold that applies (threshold.hpp), checks the
// service-level objectives of perfwatch.toml (config.hpp), and keeps alerts for the regressions
// and violations it finds.
//
// The history a value is judged against starts after the last step change found in it
// (change_points.hpp) when enough values follow that step: once a level shift is established it
// is the new baseline instead of a permanent alarm. A red value is a "step" when the reports
// just before it were beyond the same limit too (it persists), else a "spike": a single value
// beyond the limit, an outlier unless the next reports follow it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "detect/config.hpp"
#include "detect/threshold.hpp"
#include "store/duckdb.hpp"

namespace perfwatch::detect {

// red: beyond the limit on the worse side (a regression); yellow: within it but past 80 % of
// the way from the baseline; improved: beyond the limit on the better side; unknown: fewer
// earlier values than the threshold's minimum.
enum class Status { green, yellow, red, improved, unknown };
std::string_view to_string(Status status);

struct Verdict {
  int32_t benchmark_id = 0;
  int32_t measure_id = 0;
  std::string benchmark;
  std::string params;
  std::string measure;
  std::string units;
  Direction direction = Direction::lower_is_better;
  double value = 0;
  std::optional<double> baseline;
  std::optional<double> lower_limit;
  std::optional<double> upper_limit;
  std::size_t history_size = 0;    // earlier values the limits came from
  std::size_t since_change = 0;    // of which after the last step change in the window (0: none)
  std::size_t beyond_streak = 0;   // this and the consecutive earlier values beyond the limit
  Threshold threshold;
  Status status = Status::unknown;

  // A red verdict whose value is not the only one beyond the limit: `confirm` reports in a row.
  bool is_step(std::size_t confirm) const { return status == Status::red && beyond_streak >= confirm; }

  // (value - baseline) / |baseline|, when there is a non-zero baseline.
  std::optional<double> change() const;
  // One line for people: what was measured against what.
  std::string describe() const;
};

// One objective applied to one metric of the report.
struct ObjectiveResult {
  int32_t benchmark_id = 0;
  int32_t measure_id = 0;
  std::string benchmark;
  std::string params;
  ServiceLevelObjective objective;
  double value = 0;  // in the objective's unit
  bool met = false;

  // (value - limit) / |limit|: positive is the good side for ">=", negative for "<=".
  double margin() const;
  // "parse: 205 MiB/s (SLO 80 MiB/s, +156%)"
  std::string describe() const;
};

struct CheckResult {
  std::string report_id;
  int64_t project_id = 0;
  std::string project;
  std::string branch;
  std::string history_branch;  // the branch whose history was the reference
  std::string testbed;
  std::string commit;
  std::vector<Verdict> verdicts;  // by benchmark, params, measure
  std::vector<ObjectiveResult> objectives;

  std::size_t count(Status status) const;
  std::size_t steps(std::size_t confirm) const;
  std::size_t violations() const;
};

// Judges report `report_id` (a full id). The reference history is that of the report's base
// branch when the report names one that the project has (a pull request against its target),
// up to the branch's fork point when the branch records one (start_point_commit), else that of
// its own branch; only reports started before this one count. Thresholds of `config` come
// before stored ones; its objectives are checked. Throws InputError when an objective's unit
// does not convert to its measure's.
CheckResult check_report(db::Connection& connection, const std::string& report_id,
                         const DetectionConfig& config = {});

// Stores an active alert for each red verdict and violated objective that has none yet, and
// resolves the active alerts of earlier reports of the same branch, testbed, benchmark and
// measure whose value is back within the limit they broke. Returns the number of new alerts.
// Call inside a transaction.
std::size_t store_alerts(db::Connection& connection, const CheckResult& result);

}  // namespace perfwatch::detect
