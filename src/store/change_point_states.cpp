#include "store/change_point_states.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/listing.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

// The points as the column keeps them: [[index, before, after, p], ...].
std::string points_json(const std::vector<KeptChangePoint>& points) {
  nlohmann::json json = nlohmann::json::array();
  for (const auto& point : points) {
    json.push_back({point.index, point.before, point.after, point.p_value});
  }
  return json.dump();
}

std::vector<KeptChangePoint> parse_points(const std::string& text) {
  std::vector<KeptChangePoint> points;
  for (const auto& point : nlohmann::json::parse(text)) {
    points.push_back({point[0].get<std::size_t>(), point[1].get<double>(), point[2].get<double>(),
                      point[3].get<double>()});
  }
  return points;
}

// Rows written per INSERT statement.
constexpr std::size_t kRowsPerStatement = 500;

}  // namespace

std::vector<ChangePointState> load_change_point_states(db::Session& session,
                                                       const std::string& settings) {
  const auto rows =
      db::query(session,
                "SELECT branch, testbed, benchmark, measure, values_seen, last_report::VARCHAR AS "
                "last_report, points FROM change_point_state WHERE settings = " +
                    sql_quote(settings));
  std::vector<ChangePointState> states;
  states.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    states.push_back({rows.int64("branch", row), rows.int64("testbed", row),
                      rows.int64("benchmark", row), rows.int64("measure", row),
                      static_cast<std::size_t>(rows.int64("values_seen", row)),
                      rows.text("last_report", row), parse_points(rows.text("points", row))});
  }
  return states;
}

void save_change_point_states(db::Session& session, const std::string& settings,
                              const std::vector<ChangePointState>& states) {
  std::string values;
  std::size_t rows = 0;
  const auto flush = [&] {
    if (rows == 0) return;
    session.execute(
        "INSERT OR REPLACE INTO change_point_state (branch, testbed, benchmark, measure, "
        "settings, values_seen, last_report, points) VALUES " +
        values);
    values.clear();
    rows = 0;
  };
  for (const auto& state : states) {
    values += fmt::format("{}({}, {}, {}, {}, {}, {}, {}::UUID, {})", rows == 0 ? "" : ", ",
                          state.branch, state.testbed, state.benchmark, state.measure,
                          sql_quote(settings), state.values_seen, sql_quote(state.last_report),
                          sql_quote(points_json(state.points)));
    if (++rows == kRowsPerStatement) flush();
  }
  flush();
}

}  // namespace perfwatch::store
