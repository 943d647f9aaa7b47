// store: the stored history as series: the values of one benchmark and measure on one branch and
// testbed, in the order their reports started. One SQL text for the DuckDB file and PostgreSQL
// (db::Session), columns read by name.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "store/listing.hpp"
#include "store/sql.hpp"

namespace perfwatch::store {

struct StoredSeries {
  int64_t branch_id = 0, testbed_id = 0, benchmark_id = 0, measure_id = 0;
  std::string branch, testbed, benchmark, params, measure, units;
  Direction direction = Direction::lower_is_better;
  std::vector<double> values;
  std::vector<std::string> reports;  // each value's report id
  std::vector<std::string> commits;  // of each value's report; empty when it had none
  std::vector<std::string> started;  // each report's start, as the database prints a TIMESTAMP
};

// Calls `visit` once per series of the reports the filter selects (project, branch, testbed;
// the filter's report is ignored), in branch, testbed, benchmark, params, measure order.
// `benchmark_contains` keeps only benchmarks whose name contains it; `measure` only that measure.
void for_each_series(db::Session& session, const ReportFilter& filter,
                     const std::string& benchmark_contains, const std::string& measure,
                     const std::function<void(const StoredSeries&)>& visit);

}  // namespace perfwatch::store
