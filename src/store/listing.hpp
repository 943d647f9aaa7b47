#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch {

// Which reports a query is about; an empty field does not filter. `report` is a report id or a
// unique prefix of one.
struct ReportFilter {
  std::string project;
  std::string branch;
  std::string testbed;
  std::string report;
};

// Rows of a listing as JSON objects whose keys are the columns, in order. Values are exact:
// numbers as stored, params and fingerprints as JSON objects, NULL as null.
struct Listing {
  std::vector<std::string> columns;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
};

// What `perfwatch ls` can list, in the order its help shows them.
inline constexpr std::string_view listable[] = {"projects", "branches", "measures", "benchmarks",
                                                "testbeds", "reports",  "metrics"};

// Throws InputError naming the flag when the filter names a project, branch, testbed or report
// that `database_path`'s database does not hold.
void check_filter(db::Session& connection, const ReportFilter& filter,
                  const std::string& database_path);

// The listing `what` (one of `listable`), sorted; filters that make no sense for it are ignored:
// projects by project; branches, testbeds, benchmarks and measures by project (and branches and
// testbeds by their own name); reports by project, branch and testbed; metrics are those of
// the report named by the filter, else of the newest report that matches it.
Listing list(db::Session& connection, std::string_view what, const ReportFilter& filter);

// The id of the report the metrics listing shows; empty when no report matches.
std::string chosen_report(db::Session& connection, const ReportFilter& filter);

// A text that changes whenever what a project's site shows changes: a new report, an alert
// raised or changed, a threshold added or removed (reports and thresholds are never edited in
// place).
std::string project_state(db::Session& connection, int64_t project_id);

// text as an SQL string literal ('it''s').
std::string sql_quote(std::string_view text);
// A number as an SQL literal, NULL when there is none.
std::string sql_number(const std::optional<double>& value);
std::string sql_number(const std::optional<int64_t>& value);
// SQL conditions over report r, project p, branch b and testbed t for the filter's project,
// branch and testbed, each starting with " AND ".
std::string report_conditions(const ReportFilter& filter);

}  // namespace perfwatch
