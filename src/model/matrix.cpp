#include "model/matrix.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace perfwatch::model {

namespace {

template <typename Key>
std::size_t index_of(std::map<Key, std::size_t>& index, const Key& key) {
  return index.try_emplace(key, index.size()).first->second;
}

}  // namespace

Matrix::Matrix(std::vector<Observation> observations) : cells_(std::move(observations)) {
  for (std::size_t cell = 0; cell < cells_.size(); ++cell) {
    const Observation& o = cells_[cell];
    if (!(o.x > 0 && std::isfinite(o.x) && o.value > 0 && std::isfinite(o.value))) {
      throw InputError(o.benchmark + " " + o.group + " on " + o.testbed +
                       ": the parameter and the value must be positive numbers");
    }
    series_.push_back(index_of(series_index_, std::tuple{o.benchmark, o.group, o.testbed}));
    row_.push_back(index_of(row_index_, std::tuple{o.benchmark, o.group, o.x}));
    const std::size_t column = index_of(column_index_, o.testbed);
    if (column == columns_.size()) columns_.push_back(o.testbed);
    column_.push_back(column);
    if (!cell_index_.try_emplace({row_.back(), column}, cell).second) {
      throw InputError(o.benchmark + " " + o.group + " on " + o.testbed + " at " +
                       std::to_string(o.x) + ": measured twice");
    }
  }
  series_cells_.resize(series_index_.size());
  row_cells_.resize(row_index_.size());
  for (std::size_t cell = 0; cell < cells_.size(); ++cell) {
    series_cells_[series_[cell]].push_back(cell);
    row_cells_[row_[cell]].push_back(cell);
  }
  for (auto& cells : series_cells_) {
    std::sort(cells.begin(), cells.end(),
              [&](std::size_t a, std::size_t b) { return cells_[a].x < cells_[b].x; });
  }
}

std::optional<std::size_t> Matrix::find_series(const std::string& benchmark,
                                               const std::string& group,
                                               const std::string& testbed) const {
  const auto found = series_index_.find({benchmark, group, testbed});
  if (found == series_index_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::size_t> Matrix::find_row(const std::string& benchmark, const std::string& group,
                                            double x) const {
  const auto found = row_index_.find({benchmark, group, x});
  if (found == row_index_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::size_t> Matrix::find_column(const std::string& testbed) const {
  const auto found = column_index_.find(testbed);
  if (found == column_index_.end()) return std::nullopt;
  return found->second;
}

std::optional<std::size_t> Matrix::find_cell(std::size_t row, std::size_t column) const {
  const auto found = cell_index_.find({row, column});
  if (found == cell_index_.end()) return std::nullopt;
  return found->second;
}

}  // namespace perfwatch::model
