// model: the cells of a matrix that were never measured (each row on each testbed it lacks), with
// their predictions, and those whose prediction is least sure (where a run teaches the most).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/matrix.hpp"
#include "model/predictor.hpp"

namespace perfwatch::model {

struct UntestedCell {
  Observation target;   // value unset: it was not measured
  std::size_t row = 0;  // the matrix row it completes
  Prediction prediction;
};

// Every (row, testbed) pair of `matrix` without a measured cell that `wanted` accepts (all when
// empty) and that the predictor can estimate, row by row in the matrix's column order.
std::vector<UntestedCell> predict_untested(
    const Matrix& matrix, const Predictor& predictor,
    const std::function<bool(const Observation& row, const std::string& testbed)>& wanted = {});

// The `count` cells whose interval is widest (high / low), widest first; ties keep their order.
std::vector<UntestedCell> least_sure(std::vector<UntestedCell> cells, std::size_t count);

// "bert/infer batch_size=8 {"precision":"fp16"}": the benchmark, x along `parameter` (none when
// empty) and the group.
std::string describe_row(const Observation& cell, const std::string& parameter);

}  // namespace perfwatch::model
