// store: the stored history the site draws, read in one pass: every metric as a point of its
// series (benchmark, measure, branch, testbed), in the order its reports started, plus the
// reports. Its SQL is DuckDB's (the site reads a PostgreSQL project through
// postgres_mirror.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/named_rows.hpp"
#include "store/sql.hpp"

namespace perfwatch::store {

// A report, numbered by `index` in the order reports started (the site refers to it by index).
struct ReportRow {
  std::string id;
  int32_t project = 0, branch = 0, testbed = 0;
  double started_s = 0;  // seconds since the epoch
  std::string commit, commit_time, ci_provider, ci_run_url, pr_number, base_branch, source, adapter,
      tool_version, profile;
  bool dirty = false;
};

struct SeriesHistory {
  int32_t benchmark = 0, measure = 0, branch = 0, testbed = 0;
  std::vector<double> time_s;  // the report's start
  std::vector<double> value;
  std::vector<double> lower, upper;  // NaN where the harness gave no bound
  std::vector<int32_t> report;       // index into History::reports
  std::vector<bool> has_samples;
};

// One point of a report: which series (index into History::series) and which point of it.
struct ReportPoint {
  int32_t series = 0;
  int32_t point = 0;
};

struct History {
  std::vector<ReportRow> reports;                          // by start
  std::vector<SeriesHistory> series;                       // by benchmark, measure, branch, testbed
  std::vector<std::vector<ReportPoint>> points_of_report;  // per report index
};

// Everything of project `project_id`, or of all projects when it is 0.
History load_history(db::Session& session, int32_t project_id);

// The reports of project `project_id` (all when 0) as an SQL subquery with columns id, branch,
// testbed and idx, the report's index in History::reports: for the site's other queries
// (site_data.hpp) to name reports as the history does.
std::string numbered_reports(int32_t project_id);

// The metrics of project `project_id` (all when 0) for which the SQL `condition` holds, as the
// columns benchmark, measure and report (the report's index in History::reports), then
// `columns` (SQL over x, the metric, and r, its report's numbered_reports row), in the order of
// their series (benchmark, measure, branch, testbed) and of their reports' start: the one read
// of every stored value that the history and the site's samples (site_data.hpp) both make.
db::NamedRows query_metrics_by_series(db::Session& session, int32_t project_id,
                                      const std::string& columns,
                                      const std::string& condition = "true");

}  // namespace perfwatch::store
