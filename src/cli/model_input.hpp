// cli: the stored history as the result matrices src/model reads, one per measure, for the
// scaling, predict, recommend and insights commands.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "core/measure.hpp"
#include "model/matrix.hpp"
#include "store/listing.hpp"

namespace perfwatch::cli {

struct ModelFilter {
  ReportFilter filter;
  std::string benchmark;  // only benchmarks whose name contains this
  std::string measure;    // only this measure
  std::string parameter;  // the numeric parameter along which to model; empty: chosen per measure
  std::string postgres;   // the PostgreSQL database to read; empty: the DuckDB file of --db
};

// The store a model command reads, read-only: the PostgreSQL database of `filter`, else the
// DuckDB file of --db. Throws InputError naming the flag when it cannot be opened or does not
// hold the filter's project, branch or testbed.
std::unique_ptr<StoreSession> open_model_store(const GlobalOptions& global,
                                               const ModelFilter& filter);

// One series' history, for insights.
struct SeriesHistory {
  std::string benchmark, group, testbed;
  double x = 0;
  std::vector<double> values;
  std::vector<std::string> started;
};

struct MeasureMatrix {
  std::string measure, units;
  Direction direction = Direction::unknown;
  std::string parameter;                         // empty: no numeric parameter (every x is 1)
  std::vector<model::Observation> observations;  // the latest value of each series
  std::vector<SeriesHistory> histories;          // in the same order
};

// Each series' latest value, split into (benchmark, other parameters, testbed, x). The
// parameter, when not given, is the numeric one with the most distinct values in the measure.
// Series without a positive numeric value of that parameter, or whose latest value is not
// positive, are left out. Throws InputError when
// a given parameter or measure is not found.
std::vector<MeasureMatrix> load_matrices(db::Session& session, const ModelFilter& filter);

// --project, --branch, --testbed, --benchmark, --measure, --param and --postgres on `parser`.
void add_model_filter_options(CLI::App& parser, ModelFilter& filter);

}  // namespace perfwatch::cli
