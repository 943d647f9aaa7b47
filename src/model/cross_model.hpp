// model: what a testbed is worth relative to another, learned from the rows (benchmark, other
// parameters, x) measured on both. In log space, value[row, testbed] = row level + testbed level
// + a low-rank interaction u_row . v_testbed (the testbeds' relative speed depends on the
// workload: a memory-bound model gains less from a faster GPU than a compute-bound one). Fitted
// by alternating ridge least squares over the measured cells only (Hu, Koren & Volinsky 2008
// style ALS; the additive part unpenalised). A row's factors are shrunk towards the mean factors
// of the rows with the same other parameters (the group: precision, ...), not towards 0: a row
// measured on one or two testbeds then borrows how its kind of workload (fp16, int8) moves across
// testbeds from the rows measured on many.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "model/matrix.hpp"

namespace perfwatch::model {

struct CrossSettings {
  std::size_t rank = 1;         // 0 to 3
  double ridge = 1;             // penalty on the interaction factors, in squared log units
  std::size_t iterations = 30;  // at most; the fit stops sooner when it has converged
};

class CrossModel {
 public:
  // Fits on the cells where visible[cell] is non-zero.
  CrossModel(const Matrix& matrix, const std::vector<char>& visible, CrossSettings settings);
  // Refitted on another visibility, starting from `start`'s fitted parameters: at most
  // warm_sweeps sweeps (a fit from scratch takes up to 30), for visibilities that differ in a
  // small share of the cells.
  CrossModel(const CrossModel& start, const std::vector<char>& visible);
  static constexpr std::size_t warm_sweeps = 5;

  // log value of (row, column), the row's own parameters re-solved from its visible cells (so a
  // cell left out of `visible` does not inform its own estimate); nullopt when the row has no
  // visible cell or the column had none when fitted.
  std::optional<double> estimate(std::size_t row, std::size_t column,
                                 const std::vector<char>& visible) const;

 private:
  struct RowParameters {
    double level = 0;
    std::vector<double> factors;
  };
  // Starting levels (additive fit) and factors (the leading singular vectors of its residuals),
  // which depend on the data only, not on the order of the cells.
  void start_factors(const std::vector<char>& visible);
  // Alternating least squares sweeps from the current parameters, on the visible cells.
  void sweep(const std::vector<char>& visible);
  std::optional<RowParameters> solve_row(std::size_t row, const std::vector<char>& visible) const;
  void update_group_factors(const std::vector<std::optional<RowParameters>>& rows);

  const Matrix& matrix_;
  CrossSettings settings_;
  std::vector<double> column_level_, column_factors_;
  std::vector<char> column_fitted_;
  std::vector<std::size_t> row_group_;  // index of the row's group
  std::vector<double> group_factors_;   // per group, the mean of its rows' factors
  std::vector<double> log_value_;       // of each cell
};

// The rank (0..3) and ridge (0.3, 1, 3) that best predict, fitted on the rest, a tenth of the
// visible series held out whole and a tenth of the other visible cells (a fixed seed).
CrossSettings choose_cross_settings(const Matrix& matrix, const std::vector<char>& visible);

}  // namespace perfwatch::model
