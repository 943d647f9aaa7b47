// store: reports found by what a user or a pull request names: a report's metrics with their raw
// samples (the side of an A/B comparison), the report a name stands for (an id or its start, a
// branch, a commit), a pull request's base report, a report's CI run. Its SQL is DuckDB's;
// columns are read by name.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

// One metric of a report with its raw samples (empty when it has none).
struct SampledMetric {
  std::string benchmark, params, measure, units;
  std::string direction;  // as stored: lower_is_better, higher_is_better or unknown
  double value = 0;
  std::vector<double> samples;
};

// The metrics of report `report_id` (a full id).
std::vector<SampledMetric> load_sampled_metrics(db::Session& session, const std::string& report_id);

// A report a name stood for, and what kind of name it was: "report", "branch" or "commit".
struct NamedReport {
  std::string kind;
  std::string id;
};

// The newest report whose id starts with `name` (in any case), else the newest of the branch
// called `name`, else the newest whose commit starts with `name`; nullopt when none.
std::optional<NamedReport> find_named_report(db::Session& session, const std::string& name);

// The newest report of report `report_id`'s base branch on its testbed that started before it,
// of the same shard (`run --shard K/N` keeps it in the settings: another shard ran other
// benchmarks); empty when there is none.
std::string base_report_of(db::Session& session, const std::string& report_id);

// The CI run URL of report `report_id`; empty when it has none.
std::string ci_run_url_of(db::Session& session, const std::string& report_id);

}  // namespace perfwatch::store
