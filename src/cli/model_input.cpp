#include "cli/model_input.hpp"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "model/parameters.hpp"
#include "store/series.hpp"

namespace perfwatch::cli {

namespace {

struct Loaded {
  store::StoredSeries series;
  nlohmann::json params;
};

std::string choose_parameter(const std::vector<Loaded>& series) {
  std::vector<nlohmann::json> params;
  params.reserve(series.size());
  for (const auto& s : series) params.push_back(s.params);
  return model::choose_parameter(params);
}

}  // namespace

std::unique_ptr<StoreSession> open_model_store(const GlobalOptions& global,
                                               const ModelFilter& filter) {
  auto store = std::make_unique<StoreSession>(global, filter.postgres, AccessMode::read_only);
  check_filter(store->session(), filter.filter, store->name());
  return store;
}

std::vector<MeasureMatrix> load_matrices(db::Session& session, const ModelFilter& filter) {
  std::map<std::string, std::vector<Loaded>> by_measure;
  std::set<std::string> branches;
  store::for_each_series(
      session, filter.filter, filter.benchmark, filter.measure,
      [&](const store::StoredSeries& series) {
        branches.insert(series.branch);
        by_measure[series.measure].push_back({series, nlohmann::json::parse(series.params)});
      });
  if (by_measure.empty()) {
    throw InputError("no stored results match" +
                     (filter.measure.empty() ? std::string() : " measure " + filter.measure) +
                     (filter.benchmark.empty() ? "" : " benchmark " + filter.benchmark));
  }
  std::vector<MeasureMatrix> matrices;
  bool parameter_found = filter.parameter.empty();
  for (const auto& [measure, series] : by_measure) {
    MeasureMatrix matrix;
    matrix.measure = measure;
    matrix.units = series.front().series.units;
    matrix.direction = series.front().series.direction;
    matrix.parameter = filter.parameter.empty() ? choose_parameter(series) : filter.parameter;
    for (const auto& [stored, params] : series) {
      // The models work on logarithms: a zero or negative latest value (0 allocations) has no
      // place in them, and its series is left out.
      if (!(stored.values.back() > 0) || !std::isfinite(stored.values.back())) continue;
      const auto split = model::split_params(params, matrix.parameter);
      if (!split) continue;
      parameter_found = true;
      std::string group_text = split->group;
      // Branches are kept apart: a matrix mixes testbeds, never versions of the code.
      if (branches.size() > 1) group_text = "branch=" + stored.branch + " " + group_text;
      matrix.observations.push_back(
          {stored.benchmark, group_text, stored.testbed, split->x, stored.values.back()});
      matrix.histories.push_back(
          {stored.benchmark, group_text, stored.testbed, split->x, stored.values, stored.started});
    }
    if (!matrix.observations.empty()) matrices.push_back(std::move(matrix));
  }
  if (!parameter_found) {
    throw InputError("--param " + filter.parameter +
                     ": no stored result has a positive numeric parameter of that name");
  }
  return matrices;
}

void add_model_filter_options(CLI::App& parser, ModelFilter& filter) {
  parser.add_option("--project", filter.filter.project, "Only this project");
  parser.add_option("--branch", filter.filter.branch, "Only this branch");
  parser.add_option("--testbed", filter.filter.testbed, "Only this testbed");
  parser.add_option("--benchmark", filter.benchmark, "Only benchmarks whose name contains this");
  parser.add_option("--measure", filter.measure, "Only this measure");
  parser.add_option("--param", filter.parameter,
                    "The numeric parameter to model along (default: per measure, the one with "
                    "the most distinct values)");
  add_postgres_option(parser, filter.postgres);
}

}  // namespace perfwatch::cli
