// store: the regression and SLO alerts `perfwatch check` raised, as `perfwatch alert` and the
// results server list them and change their status. The same SQL runs on the DuckDB file and
// on PostgreSQL (db::Session).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

inline constexpr std::string_view alert_statuses[] = {"active", "acknowledged", "dismissed",
                                                      "resolved"};

struct Alert {
  int64_t id = 0;
  std::string status;
  std::string kind;  // regression or slo
  std::string project;
  std::string branch;
  std::string testbed;
  std::string commit;  // empty when the report has none
  std::string benchmark;
  std::string measure;
  double value = 0;
  std::string message;
  std::string created;  // YYYY-MM-DD HH:MM:SS[.ffffff], UTC
  std::string report;
};

struct AlertFilter {
  std::string status = "active";  // one of alert_statuses, or "all"
  std::string project;            // slug; empty: every project
  std::optional<int64_t> project_id;
};

// The alert as `alert ls --format json` and the server's API show it.
nlohmann::ordered_json to_json(const Alert& alert);

// Throws InputError naming `flag` when `status` is neither one of alert_statuses nor "all".
void check_alert_status(const std::string& status, std::string_view flag);

// The alerts the filter selects, oldest first.
std::vector<Alert> list_alerts(db::Session& session, const AlertFilter& filter);

// Sets alert `id`'s status (and its updated time); false when there is no such alert (of
// project `project_id`, when given).
bool set_alert_status(db::Session& session, int64_t id, std::string_view status,
                      std::optional<int64_t> project_id = std::nullopt);

// An alert `perfwatch check` raises for one metric of a report.
struct NewAlert {
  int32_t benchmark_id = 0, measure_id = 0;
  std::string kind;                  // regression or slo
  std::optional<int64_t> threshold;  // the stored threshold that applied, if any
  double value = 0;
  std::optional<double> baseline;
  std::optional<double> limit;
  std::string message;
};

// Stores each of `alerts` as an active alert of report `report_id` unless the report already
// has one of that benchmark, measure and kind; returns how many were stored.
std::size_t add_alerts(db::Session& session, const std::string& report_id,
                       const std::vector<NewAlert>& alerts);

// An active alert of a report earlier than the one checked, of the same branch and testbed.
struct EarlierAlert {
  int64_t id = 0;
  int32_t benchmark_id = 0, measure_id = 0;
  std::string kind;
  std::optional<double> limit;
};

// The active alerts of the reports of `report_id`'s branch and testbed that started before it.
std::vector<EarlierAlert> earlier_active_alerts(db::Session& session, const std::string& report_id);

// Marks alerts `ids` resolved.
void resolve_alerts(db::Session& session, const std::vector<int64_t>& ids);

}  // namespace perfwatch::store
