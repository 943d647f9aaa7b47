// store: the change points `perfwatch changes` found in each stored series, kept between runs
// (table change_point_state) so that a series that grew is examined only after its last change
// point (detect/change_point_cache.hpp says when a kept state still applies). Its SQL is
// DuckDB's (with --postgres, `changes` examines an in-memory copy and keeps nothing); columns are
// read by name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

struct KeptChangePoint {
  std::size_t index = 0;  // the first value of the new level
  double before = 0, after = 0, p_value = 1;
};

// What was found in one series (branch, testbed, benchmark, measure) with one setting.
struct ChangePointState {
  int64_t branch = 0, testbed = 0, benchmark = 0, measure = 0;
  std::size_t values_seen = 0;  // the series' length when it was examined
  std::string last_report;      // the id of its newest report then
  std::vector<KeptChangePoint> points;
};

// The states kept for `settings` (a text naming the detection settings).
std::vector<ChangePointState> load_change_point_states(db::Session& session,
                                                       const std::string& settings);

// Keeps `states` for `settings`, replacing those kept for the same series. Call inside a
// transaction.
void save_change_point_states(db::Session& session, const std::string& settings,
                              const std::vector<ChangePointState>& states);

}  // namespace perfwatch::store
