// The stored history as series: the values of one benchmark and measure on one branch and
// testbed, in the order their reports started.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "store/duckdb.hpp"
#include "store/listing.hpp"

namespace perfwatch::detect {

struct StoredSeries {
  int64_t branch_id = 0, testbed_id = 0, benchmark_id = 0, measure_id = 0;
  std::string branch, testbed, benchmark, params, measure, units;
  Direction direction = Direction::lower_is_better;
  std::vector<double> values;
  std::vector<std::string> reports;  // each value's report id
  std::vector<std::string> commits;  // of each value's report; empty when it had none
  std::vector<std::string> started;  // each report's start, as DuckDB prints a TIMESTAMP
};

// Calls `visit` once per series of the reports the filter selects (project, branch, testbed;
// the filter's report is ignored), in branch, testbed, benchmark, params, measure order.
// `benchmark_contains` keeps only benchmarks whose name contains it; `measure` only that measure.
void for_each_series(db::Connection& connection, const ReportFilter& filter,
                     const std::string& benchmark_contains, const std::string& measure,
                     const std::function<void(const StoredSeries&)>& visit);

}  // namespace perfwatch::detect
