// The verdict (detect/check.hpp) of the newest value of each series: each report that holds
// the newest value of some series is checked against its history, as `perfwatch check` would,
// without storing alerts.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>

#include "detect/check.hpp"
#include "store/duckdb.hpp"
#include "store/history.hpp"

namespace perfwatch::report {

// (benchmark, measure, branch, testbed)
using SeriesId = std::tuple<int32_t, int32_t, int32_t, int32_t>;

struct LatestVerdict {
  std::string report_id;
  detect::Status status = detect::Status::unknown;
  std::optional<double> baseline, lower_limit, upper_limit;
};

// The verdict of the newest value of each series of history, under config's thresholds first.
std::map<SeriesId, LatestVerdict> latest_verdicts(db::Connection& connection,
                                                  const store::History& history,
                                                  const detect::DetectionConfig& config = {});

}  // namespace perfwatch::report
