#include "model/shape_library.hpp"

#include <algorithm>
#include <cmath>

namespace perfwatch::model {

std::vector<double> segment_slopes(const std::vector<LogPoint>& points) {
  std::vector<double> slopes;
  for (std::size_t k = 0; k + 1 < points.size(); ++k) {
    slopes.push_back((points[k + 1].log_y - points[k].log_y) /
                     (points[k + 1].log_x - points[k].log_x));
  }
  return slopes;
}

ShapeLibrary::ShapeLibrary(const Matrix& matrix, const std::vector<char>& visible)
    : matrix_(matrix), visible_(visible) {
  log_x_.reserve(matrix.size());
  log_value_.reserve(matrix.size());
  for (const Observation& o : matrix.cells()) {
    log_x_.push_back(std::log(o.x));
    log_value_.push_back(std::log(o.value));
  }
  for (std::size_t series = 0; series < matrix.series_count(); ++series) {
    for (std::size_t cell : matrix.series_cells(series)) {
      if (visible_[cell]) series_at_x_[log_x_[cell]].push_back(series);
    }
  }
}

const std::vector<ShapeLibrary::Donor>& ShapeLibrary::donors(
    const std::vector<double>& pattern) const {
  if (const auto found = donors_.find(pattern); found != donors_.end()) return found->second;
  std::vector<Donor> found;
  const auto at_x = series_at_x_.find(pattern.back());
  if (at_x != series_at_x_.end()) {
    const auto& candidates = at_x->second;
    std::vector<LogPoint> points;
    double at = 0;
    for (std::size_t series : candidates) {
      if (found.size() == max_donors) break;
      // The series' visible points at the neighbourhood's log x, and its value at x.
      points.clear();
      for (std::size_t cell : matrix_.series_cells(series)) {
        if (!visible_[cell]) continue;
        const double log_x = log_x_[cell];
        if (log_x == pattern.back()) {
          at = log_value_[cell];
        } else if (std::find(pattern.begin(), pattern.end() - 1, log_x) != pattern.end() - 1) {
          points.push_back({log_x, log_value_[cell]});
        }
      }
      if (points.size() + 1 != pattern.size()) continue;
      const auto estimate = curve_estimate(points, pattern.back());
      if (!estimate) continue;
      found.push_back({series, segment_slopes(points), at - estimate->log_y});
    }
  }
  return donors_.emplace(pattern, std::move(found)).first->second;
}

std::optional<double> ShapeLibrary::interior_correction(std::size_t series,
                                                        const std::vector<LogPoint>& points,
                                                        double log_x) const {
  // The neighbourhood: up to points_per_side points each side of x (the monotone cubic's
  // value between two points depends on those two and one more each side).
  const auto above = std::upper_bound(points.begin(), points.end(), log_x,
                                      [](double x, const LogPoint& p) { return x < p.log_x; });
  if (above == points.begin() || above == points.end()) return std::nullopt;
  const auto side = static_cast<std::ptrdiff_t>(points_per_side);
  const auto first = above - std::min(side, above - points.begin());
  const auto last = above + std::min(side, points.end() - above);
  const std::vector<LogPoint> around(first, last);
  std::vector<double> pattern;
  for (const LogPoint& p : around) pattern.push_back(p.log_x);
  pattern.push_back(log_x);
  const std::vector<double> slopes = segment_slopes(around);

  const Observation& own = matrix_.cells()[matrix_.series_cells(series).front()];
  double weighted = 0, total = 0;
  for (const Donor& donor : donors(pattern)) {
    if (donor.series == series) continue;
    double squares = 0;
    for (std::size_t k = 0; k < slopes.size(); ++k) {
      squares += std::pow(slopes[k] - donor.slopes[k], 2);
    }
    const double distance = std::sqrt(squares / static_cast<double>(slopes.size()));
    double weight = std::exp(-std::pow(distance / slope_bandwidth, 2));
    const Observation& other = matrix_.cells()[matrix_.series_cells(donor.series).front()];
    if (other.benchmark == own.benchmark && other.group == own.group) {
      weight *= same_workload_weight;
    }
    weighted += weight * donor.miss;
    total += weight;
  }
  // Kernel weights underflow far from every donor: no series is alike, nothing is borrowed.
  if (!(total > 1e-12)) return std::nullopt;
  return weighted / total;
}

}  // namespace perfwatch::model
