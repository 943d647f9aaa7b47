#include "detect/change_point_cache.hpp"

#include <fmt/format.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "store/listing.hpp"

namespace perfwatch::detect {
namespace {

std::string points_json(const std::vector<ChangePoint>& points) {
  nlohmann::json json = nlohmann::json::array();
  for (const auto& point : points) {
    json.push_back({point.index, point.before, point.after, point.p_value});
  }
  return json.dump();
}

std::vector<ChangePoint> parse_points(const std::string& text) {
  std::vector<ChangePoint> points;
  for (const auto& point : nlohmann::json::parse(text)) {
    points.push_back({point[0].get<std::size_t>(), point[1].get<double>(), point[2].get<double>(),
                      point[3].get<double>()});
  }
  return points;
}

// Rows written per INSERT statement.
constexpr std::size_t kRowsPerStatement = 500;

}  // namespace

std::size_t ChangePointCache::KeyHash::operator()(const Key& key) const {
  std::size_t hash = std::hash<int64_t>()(key.branch);
  for (const auto part : {key.testbed, key.benchmark, key.measure}) {
    hash = hash * 1'000'003 ^ std::hash<int64_t>()(part);
  }
  return hash;
}

ChangePointCache::ChangePointCache(db::Connection& connection, const ChangePointOptions& options)
    : connection_(connection),
      options_(options),
      settings_(
          fmt::format("rank_test p<{} min_segment {}", options.max_p_value, options.min_segment)) {
  auto rows = connection_.query(
      "SELECT branch, testbed, benchmark, measure, values_seen, last_report::VARCHAR, points "
      "FROM change_point_state WHERE settings = " +
      sql_quote(settings_));
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    states_.emplace(
        Key{rows.int64(0, row), rows.int64(1, row), rows.int64(2, row), rows.int64(3, row)},
        State{static_cast<std::size_t>(rows.int64(4, row)), *rows.text(5, row),
              parse_points(*rows.text(6, row)), false});
  }
}

std::vector<ChangePoint> ChangePointCache::change_points(const store::StoredSeries& series) {
  auto& state =
      states_[Key{series.branch_id, series.testbed_id, series.benchmark_id, series.measure_id}];
  const std::size_t seen = state.values_seen;
  const bool still_valid =
      seen > 0 && seen <= series.values.size() && series.reports[seen - 1] == state.last_report;
  if (still_valid && seen == series.values.size()) {
    ++unchanged_;
    return state.points;
  }
  if (still_valid) {
    state.points = update_change_points(series.values, std::move(state.points), options_);
    ++updated_;
  } else {
    state.points = find_change_points(series.values, options_);
    ++from_scratch_;
  }
  state.values_seen = series.values.size();
  state.last_report = series.reports.back();
  state.dirty = true;
  return state.points;
}

void ChangePointCache::save() {
  std::vector<std::string> rows;
  const auto flush = [&] {
    if (rows.empty()) return;
    std::string values;
    for (const auto& row : rows) values += (values.empty() ? "" : ", ") + row;
    connection_.execute(
        "INSERT OR REPLACE INTO change_point_state (branch, testbed, benchmark, measure, "
        "settings, values_seen, last_report, points) VALUES " +
        values);
    rows.clear();
  };
  for (const auto& [key, state] : states_) {
    if (!state.dirty) continue;
    rows.push_back(fmt::format("({}, {}, {}, {}, {}, {}, {}::UUID, {})", key.branch, key.testbed,
                               key.benchmark, key.measure, sql_quote(settings_), state.values_seen,
                               sql_quote(state.last_report), sql_quote(points_json(state.points))));
    if (rows.size() == kRowsPerStatement) flush();
  }
  flush();
}

}  // namespace perfwatch::detect
