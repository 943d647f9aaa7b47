#include "detect/change_point_cache.hpp"

#include <fmt/format.h>

#include <functional>

namespace perfwatch::detect {

std::size_t ChangePointCache::KeyHash::operator()(const Key& key) const {
  std::size_t hash = std::hash<int64_t>()(key.branch);
  for (const auto part : {key.testbed, key.benchmark, key.measure}) {
    hash = hash * 1'000'003 ^ std::hash<int64_t>()(part);
  }
  return hash;
}

std::string ChangePointCache::settings_of(const ChangePointOptions& options) {
  return fmt::format("rank_test p<{} min_segment {}", options.max_p_value, options.min_segment);
}

ChangePointCache::ChangePointCache(const std::vector<store::ChangePointState>& kept,
                                   const ChangePointOptions& options)
    : options_(options) {
  for (const auto& state : kept) {
    std::vector<ChangePoint> points;
    points.reserve(state.points.size());
    for (const auto& point : state.points) {
      points.push_back({point.index, point.before, point.after, point.p_value});
    }
    states_.emplace(Key{state.branch, state.testbed, state.benchmark, state.measure},
                    State{state.values_seen, state.last_report, std::move(points), false});
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

std::vector<store::ChangePointState> ChangePointCache::changed() const {
  std::vector<store::ChangePointState> changed;
  for (const auto& [key, state] : states_) {
    if (!state.dirty) continue;
    std::vector<store::KeptChangePoint> points;
    points.reserve(state.points.size());
    for (const auto& point : state.points) {
      points.push_back({point.index, point.before, point.after, point.p_value});
    }
    changed.push_back({key.branch, key.testbed, key.benchmark, key.measure, state.values_seen,
                       state.last_report, std::move(points)});
  }
  return changed;
}

}  // namespace perfwatch::detect
