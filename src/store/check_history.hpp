// store: what a check judges a report against: the report, with the branch whose history is its
// reference; the report's metrics; and the newest earlier values of each of its series on that
// branch and testbed. One SQL text for the DuckDB file and PostgreSQL (db::Session), columns
// read by name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

struct CheckedReport {
  std::string id;
  int64_t project_id = 0, branch_id = 0, history_branch_id = 0, testbed_id = 0;
  std::string project, branch, history_branch, testbed;
  std::string commit;         // empty when the report has none
  std::string started;        // as the database prints a TIMESTAMP
  double started_s = 0;       // seconds since the epoch
  std::string history_until;  // the newest start the history may have (the fork point's)
};

// Report `report_id` (a full id). Its history branch is its base branch when it names one the
// project has (a pull request against its target), up to the base's newest report of the commit
// the branch started from when that is recorded (threshold clone --start-point); else its own.
// Throws DatabaseError when there is no such report.
CheckedReport load_checked_report(db::Session& session, const std::string& report_id);

struct ReportMetric {
  int32_t benchmark_id = 0, measure_id = 0;
  std::string benchmark, params, measure, units;
  std::string direction;  // as stored: lower_is_better, higher_is_better or unknown
  double value = 0;
};

// The metrics of report `report_id`, by benchmark, params and measure.
std::vector<ReportMetric> load_report_metrics(db::Session& session, const std::string& report_id);

// A series of the checked report, and how many of the newest earlier reports its check reads.
struct WantedSeries {
  int32_t benchmark_id = 0, measure_id = 0;
  int64_t window_reports = 1;
};

// Earlier values of one series, oldest first, with their report's start and commit.
struct RecentValues {
  std::vector<double> values;
  std::vector<double> started_s;
  std::vector<std::string> commits;  // empty where the report had none
};

// For each of `series` (series of `report`), in the same order: its values in the newest
// `window_reports` reports of the history branch and testbed that started before `report` and
// no later than its history_until.
std::vector<RecentValues> load_recent_values(db::Session& session, const CheckedReport& report,
                                             const std::vector<WantedSeries>& series);

}  // namespace perfwatch::store
