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

}  // namespace perfwatch::store
