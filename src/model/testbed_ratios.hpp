// model: what a testbed is worth for one workload (a benchmark with one setting of its other
// parameters), learned from the workloads most like it. For a workload never measured on
// testbed g, each testbed s it was measured on gives an estimate: its value on s times the
// ratio g / s of other workloads measured on both at the same x. Those ratios are weighted by
// how alike the workloads are: how closely their values across the testbeds both measured
// (other than g) move together, centred per x (the ratios between those testbeds), under a
// Gaussian kernel; a workload of the same benchmark (another precision, say) weighs more. Each
// source testbed's estimate is the weighted median of its ratios; the sources are combined with
// weights inverse to their ratios' weighted spread (a source whose analogues disagree counts
// less).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/matrix.hpp"

namespace perfwatch::model {

class TestbedRatios {
 public:
  // Indexes the cells where visible[cell] is non-zero (a copy). Asked about a target, the
  // target's own series is left out whatever that visibility says of it.
  TestbedRatios(const Matrix& matrix, const std::vector<char>& visible);

  // log value of target; nullopt when the workload was measured at target.x on no other testbed,
  // or no other workload ran on both.
  std::optional<double> estimate(const Observation& target) const;

  // Kernel width on the root mean square difference of two workloads' centred log values (0.1:
  // their testbed ratios agree within about 10%).
  static constexpr double similarity_bandwidth = 0.1;
  // Weight of a workload alike in nothing measured (fewer than two testbeds in common besides
  // the target's), and the least weight of one that was compared.
  static constexpr double unknown_similarity_weight = 0.05, compared_weight_floor = 0.005;
  // How much more a workload of the same benchmark weighs.
  static constexpr double same_benchmark_weight = 20;
  // Only the most alike workloads are read (the rest weigh little), which bounds the time on
  // large matrices.
  static constexpr std::size_t max_analogues = 50;
  // A source testbed's ratios spread as if it had one more analogue this far (in squared log
  // units) from the median: a source with one analogue is not taken as certain.
  static constexpr double prior_spread = 0.05;

 private:
  struct Value {
    std::size_t workload;
    double log_value;
  };
  struct Workload {
    std::string benchmark;
    std::vector<std::tuple<std::size_t, double, double>> cells;  // visible (column, x, log value)
    std::vector<std::size_t> columns;                            // with a visible cell, increasing
  };
  struct Analogue {
    std::size_t workload;
    double weight;
  };
  // The max_analogues workloads most like `workload` (its testbed `column` left out), with their
  // weights, in increasing workload; computed once per (workload, column) and kept.
  const std::vector<Analogue>& analogues(std::size_t workload, std::size_t column) const;
  // The visible values at (column, x), in increasing workload; empty when none.
  const std::vector<Value>& values_at(std::size_t column, double x) const;

  const Matrix& matrix_;
  std::vector<Workload> workloads_;
  std::map<std::pair<std::string, std::string>, std::size_t> workload_index_;
  std::map<std::pair<std::size_t, double>, std::vector<Value>> values_;
  mutable std::map<std::pair<std::size_t, std::size_t>, std::vector<Analogue>> analogues_;
};

}  // namespace perfwatch::model
