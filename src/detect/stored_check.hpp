// The check of a stored report, as `perfwatch check` and the pull-request summary run it: reads
// the report, its metrics, the thresholds and each series' newest earlier values through
// store/check_history.hpp and store/thresholds.hpp, judges them with check.hpp, and keeps the
// alerts through store/alerts.hpp. The one part of detect/ that reads and writes the store; it
// holds no SQL.
#pragma once

#include <string>

#include "detect/check.hpp"
#include "store/sql.hpp"

namespace perfwatch::detect {

// Judges report `report_id` (a full id). The reference history is that of the report's base
// branch when the report names one that the project has (a pull request against its target),
// up to the branch's fork point when the branch records one (start_point_commit), else that of
// its own branch; only reports started before this one count. Thresholds of `config` come
// before stored ones; its objectives are checked; its declared directions apply, and a measure
// whose direction stays unknown is undeclared, not judged. Throws InputError when an
// objective's unit does not convert to its measure's.
CheckResult check_report(db::Session& session, const std::string& report_id,
                         const DetectionConfig& config = {}, const CheckSettings& settings = {});

// Stores an active alert for each red verdict and violated objective that has none yet, and
// resolves the active alerts of earlier reports of the same branch, testbed, benchmark and
// measure whose value is back within the limit they broke (alert_changes). Returns the number of
// new alerts. Call inside a transaction.
std::size_t store_alerts(db::Session& session, const CheckResult& result);

}  // namespace perfwatch::detect
