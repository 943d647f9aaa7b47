// The site's predicted cells: per branch and measure, the cells of the results matrix (benchmark
// x other params x testbed x the modelled numeric parameter) that were never run, estimated when
// the site is written by src/model's predictor from the newest measured value of each series.
// They go to site.js apart from the measured series ("predicted") and never to the database.
#pragma once

#include <nlohmann/json.hpp>

#include "store/history.hpp"

namespace perfwatch::report {

// One object per predicted cell: {benchmark, measure, branch, testbed} (the catalog's ids; the
// benchmark is the measured one with the same params, so the matrix places it like a measured
// cell), value, low and high (the interval holding `coverage` of values), kind and extrapolated.
// `benchmarks` is the catalog's benchmarks array (catalog_json).
nlohmann::ordered_json predicted_cells(const nlohmann::ordered_json& benchmarks,
                                       const store::History& history, double coverage);

}  // namespace perfwatch::report
