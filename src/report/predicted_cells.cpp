#include "report/predicted_cells.hpp"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "model/parameters.hpp"
#include "model/untested.hpp"

namespace perfwatch::report {
namespace {

using json = nlohmann::ordered_json;

struct Benchmark {
  std::string name;
  nlohmann::json params;
};

// The series of one branch and measure (indexes into history.series).
using Partition = std::vector<std::size_t>;

json predict_partition(const Partition& partition, const store::History& history,
                       const std::unordered_map<int32_t, Benchmark>& benchmarks, double coverage) {
  std::vector<nlohmann::json> params;
  for (const auto index : partition) {
    params.push_back(benchmarks.at(history.series[index].benchmark).params);
  }
  const auto parameter = model::choose_parameter(params);
  std::vector<model::Observation> observations;
  std::vector<int32_t> benchmark_of;  // per observation
  std::set<std::tuple<std::string, std::string, std::string, double>> seen;
  std::set<int32_t> testbeds;
  for (const auto index : partition) {
    const auto& series = history.series[index];
    const double latest = series.value.back();
    // The models work on logarithms: a zero or negative newest value has no place in them.
    if (!(latest > 0) || !std::isfinite(latest)) continue;
    const auto& benchmark = benchmarks.at(series.benchmark);
    const auto split = model::split_params(benchmark.params, parameter);
    if (!split) continue;
    const auto testbed = std::to_string(series.testbed);
    // {"n": 8} and {"n": "8"} are two benchmarks but one cell of the matrix: the first is kept.
    if (!seen.emplace(benchmark.name, split->group, testbed, split->x).second) continue;
    observations.push_back({benchmark.name, split->group, testbed, split->x, latest});
    benchmark_of.push_back(series.benchmark);
    testbeds.insert(series.testbed);
  }
  json cells = json::array();
  if (testbeds.size() < 2) return cells;  // one testbed: no cell of the matrix is missing
  const model::Matrix matrix(std::move(observations));
  const model::Predictor predictor(matrix, coverage);
  const auto& first = history.series[partition.front()];
  for (const auto& [target, row, prediction] : model::predict_untested(matrix, predictor)) {
    cells.push_back({{"benchmark", benchmark_of[matrix.row_cells(row).front()]},
                     {"measure", first.measure},
                     {"branch", first.branch},
                     {"testbed", std::stoi(target.testbed)},
                     {"value", prediction.value},
                     {"low", prediction.low},
                     {"high", prediction.high},
                     {"kind", std::string(model::kind_name(prediction.kind))},
                     {"extrapolated", prediction.extrapolated}});
  }
  return cells;
}

}  // namespace

json predicted_cells(const json& benchmarks, const store::History& history, double coverage) {
  std::unordered_map<int32_t, Benchmark> by_id;
  for (const auto& benchmark : benchmarks) {
    by_id[benchmark["id"].get<int32_t>()] = {benchmark["name"].get<std::string>(),
                                             nlohmann::json::parse(benchmark["params"].dump())};
  }
  std::map<std::pair<int32_t, int32_t>, Partition> partitions;  // by (branch, measure)
  for (std::size_t index = 0; index < history.series.size(); ++index) {
    const auto& series = history.series[index];
    if (series.value.empty() || !by_id.contains(series.benchmark)) continue;
    partitions[{series.branch, series.measure}].push_back(index);
  }
  json cells = json::array();
  for (const auto& [key, partition] : partitions) {
    for (auto& cell : predict_partition(partition, history, by_id, coverage)) {
      cells.push_back(std::move(cell));
    }
  }
  return cells;
}

}  // namespace perfwatch::report
