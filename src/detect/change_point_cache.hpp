// Change points of stored series kept between runs (store/change_point_states.hpp), so that a
// history that grew by a few reports is examined only after its last change point
// (update_change_points) instead of from scratch. A series is examined from scratch when it
// has no state yet, was examined with other settings, or changed before its newest examined
// report (a report of an earlier start was ingested later). Pure: the caller loads the kept
// states and saves the changed ones.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/change_points.hpp"
#include "store/change_point_states.hpp"
#include "store/series.hpp"

namespace perfwatch::detect {

class ChangePointCache {
 public:
  // The text the states of `options` (rank test settings only) are kept under.
  static std::string settings_of(const ChangePointOptions& options);

  // `kept`: the states kept under settings_of(options).
  ChangePointCache(const std::vector<store::ChangePointState>& kept,
                   const ChangePointOptions& options);

  // The change points of `series`, reusing and then replacing its kept state.
  std::vector<ChangePoint> change_points(const store::StoredSeries& series);

  // The states of the series examined since loading, to keep.
  std::vector<store::ChangePointState> changed() const;

  std::size_t from_scratch() const { return from_scratch_; }
  std::size_t updated() const { return updated_; }
  std::size_t unchanged() const { return unchanged_; }

 private:
  struct State {
    std::size_t values_seen = 0;
    std::string last_report;
    std::vector<ChangePoint> points;
    bool dirty = false;
  };
  struct Key {
    int64_t branch, testbed, benchmark, measure;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const;
  };

  ChangePointOptions options_;
  std::unordered_map<Key, State, KeyHash> states_;
  std::size_t from_scratch_ = 0, updated_ = 0, unchanged_ = 0;
};

}  // namespace perfwatch::detect
