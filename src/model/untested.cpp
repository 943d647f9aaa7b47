#include "model/untested.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace perfwatch::model {

std::vector<UntestedCell> predict_untested(
    const Matrix& matrix, const Predictor& predictor,
    const std::function<bool(const Observation& row, const std::string& testbed)>& wanted) {
  std::vector<UntestedCell> cells;
  for (std::size_t row = 0; row < matrix.row_count(); ++row) {
    const Observation& example = matrix.cells()[matrix.row_cells(row).front()];
    for (std::size_t column = 0; column < matrix.column_count(); ++column) {
      if (matrix.find_cell(row, column)) continue;
      const auto& testbed = matrix.column_name(column);
      if (wanted && !wanted(example, testbed)) continue;
      Observation target = example;
      target.testbed = testbed;
      target.value = 0;
      if (const auto prediction = predictor.predict(target)) {
        cells.push_back({std::move(target), row, *prediction});
      }
    }
  }
  return cells;
}

std::vector<UntestedCell> least_sure(std::vector<UntestedCell> cells, std::size_t count) {
  std::stable_sort(cells.begin(), cells.end(), [](const UntestedCell& a, const UntestedCell& b) {
    return a.prediction.high / a.prediction.low > b.prediction.high / b.prediction.low;
  });
  if (cells.size() > count) cells.resize(count);
  return cells;
}

std::string describe_row(const Observation& cell, const std::string& parameter) {
  return cell.benchmark + (parameter.empty() ? "" : fmt::format(" {}={:g}", parameter, cell.x)) +
         (cell.group.empty() ? "" : " " + cell.group);
}

}  // namespace perfwatch::model
