// model: the results matrix the models read. One observation is a value of one benchmark with one
// setting of its other parameters ("group") on one testbed at one value x of a numeric parameter
// (batch size, threads, input size). A series is (benchmark, group, testbed) along x; a row of
// the cross-testbed matrix is (benchmark, group, x), its columns the testbeds.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace perfwatch::model {

struct Observation {
  std::string benchmark, group, testbed;
  double x = 0;      // > 0
  double value = 0;  // > 0
};

class Matrix {
 public:
  // Throws InputError when an x or value is not positive and finite, or a cell repeats.
  explicit Matrix(std::vector<Observation> observations);

  const std::vector<Observation>& cells() const { return cells_; }
  std::size_t size() const { return cells_.size(); }
  std::size_t series_count() const { return series_cells_.size(); }
  std::size_t row_count() const { return row_cells_.size(); }
  std::size_t column_count() const { return columns_.size(); }

  std::size_t series_of(std::size_t cell) const { return series_[cell]; }
  std::size_t row_of(std::size_t cell) const { return row_[cell]; }
  std::size_t column_of(std::size_t cell) const { return column_[cell]; }
  const std::string& column_name(std::size_t column) const { return columns_[column]; }
  // The cells of a series in increasing x; of a row in column order.
  const std::vector<std::size_t>& series_cells(std::size_t series) const {
    return series_cells_[series];
  }
  const std::vector<std::size_t>& row_cells(std::size_t row) const { return row_cells_[row]; }

  std::optional<std::size_t> find_series(const std::string& benchmark, const std::string& group,
                                         const std::string& testbed) const;
  std::optional<std::size_t> find_row(const std::string& benchmark, const std::string& group,
                                      double x) const;
  std::optional<std::size_t> find_column(const std::string& testbed) const;
  std::optional<std::size_t> find_cell(std::size_t row, std::size_t column) const;

 private:
  std::vector<Observation> cells_;
  std::vector<std::size_t> series_, row_, column_;
  std::vector<std::vector<std::size_t>> series_cells_, row_cells_;
  std::vector<std::string> columns_;
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> series_index_;
  std::map<std::tuple<std::string, std::string, double>, std::size_t> row_index_;
  std::map<std::string, std::size_t> column_index_;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> cell_index_;
};

}  // namespace perfwatch::model
