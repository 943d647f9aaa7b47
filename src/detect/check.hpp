// A check judges every metric of one report against the history of the same benchmark and
// measure on the same testbed, under the threshold that applies (threshold.hpp), and keeps
// alerts for the regressions it finds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"
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
  std::size_t history_size = 0;
  Threshold threshold;
  Status status = Status::unknown;

  // (value - baseline) / |baseline|, when there is a non-zero baseline.
  std::optional<double> change() const;
  // One line for people: what was measured against what.
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

  std::size_t count(Status status) const;
};

// Judges report `report_id` (a full id). The reference history is that of the report's base
// branch when the report names one that the project has (a pull request against its target),
// else that of its own branch; only reports started before this one count.
CheckResult check_report(db::Connection& connection, const std::string& report_id);

// Stores an active alert for each red verdict that has none yet, and resolves the active alerts
// of earlier reports of the same branch, testbed, benchmark and measure that are green now.
// Returns the number of new alerts. Call inside a transaction.
std::size_t store_alerts(db::Connection& connection, const CheckResult& result);

}  // namespace perfwatch::detect
