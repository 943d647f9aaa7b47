// model: how a series' curve bends between two measured parameter values, learned from the
// other series. The monotone cubic of curve.hpp through the points around x misses the value at
// x by an amount that depends on the curve's local shape (how fast it saturates there); other
// series measured at x and at the same neighbouring values show that miss where it is known.
// Their misses are averaged with weights that fall with the distance between their local
// log-log slopes and the target's (Nadaraya-Watson kernel regression on the slopes), whichever
// benchmark or testbed they belong to: a curve bends like curves of the same slopes. Series of
// the same benchmark and group (the same workload on another testbed) count a little more.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "model/curve.hpp"
#include "model/matrix.hpp"

namespace perfwatch::model {

class ShapeLibrary {
 public:
  // Indexes the cells where visible[cell] is non-zero (a copy: the caller may then hide cells
  // of the target's own series, which is never a donor, without changing the answers).
  ShapeLibrary(const Matrix& matrix, const std::vector<char>& visible);

  // The expected miss (log measured - log curve estimate) of the monotone cubic through the
  // points around log x, for a series with `points` (its other visible points, increasing
  // log_x, log_x strictly inside them) of `series`; nullopt when no other series was measured
  // at log x and at those neighbouring values.
  std::optional<double> interior_correction(std::size_t series, const std::vector<LogPoint>& points,
                                            double log_x) const;

  // The neighbourhood the correction looks at: up to this many points on each side of x.
  static constexpr std::size_t points_per_side = 2;
  // Kernel width, in log-log slope (0.1: a tenth of linear scaling) on the root mean square of
  // the slope differences between the neighbouring points.
  static constexpr double slope_bandwidth = 0.1;
  // How much more a series of the same benchmark and group (another testbed) weighs.
  static constexpr double same_workload_weight = 3;
  // At most this many donor series per neighbourhood (the first in the matrix's order), which
  // bounds the time on large matrices.
  static constexpr std::size_t max_donors = 100;

 private:
  struct Donor {
    std::size_t series;
    std::vector<double> slopes;
    double miss;
  };
  // The series measured at every log x of `pattern` (the neighbourhood, then x), with their
  // slopes and misses; built on first use and kept.
  const std::vector<Donor>& donors(const std::vector<double>& pattern) const;

  const Matrix& matrix_;
  std::vector<char> visible_;
  std::vector<double> log_x_, log_value_;                   // of each cell
  std::map<double, std::vector<std::size_t>> series_at_x_;  // log x -> series with a cell there
  mutable std::map<std::vector<double>, std::vector<Donor>> donors_;
};

// The log-log slopes between consecutive points.
std::vector<double> segment_slopes(const std::vector<LogPoint>& points);

}  // namespace perfwatch::model
