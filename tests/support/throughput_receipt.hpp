// Matrices of throughputs for the model commands' tests (scaling, predict, recommend, insights in
// tests/cli/model_commands_test.cpp and, on each store, tests/server/store_commands_test.cpp):
// one testbed's cells written as a perfwatch receipt, which `ingest --adapter
// perfwatch_receipt` stores with their params.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace perfwatch::testing {

// One measured cell: a benchmark at a batch size, and its throughput.
struct ThroughputCell {
  std::string benchmark;
  double batch_size = 1;
  double throughput = 0;  // 1/s, higher is better
};

// The receipt of `cells`: each a benchmark with params {"batch_size": B} and one metric.
inline nlohmann::json throughput_receipt(const std::vector<ThroughputCell>& cells) {
  nlohmann::json receipt = {{"perfwatch_receipt", 1}, {"benchmarks", nlohmann::json::array()}};
  for (const auto& cell : cells) {
    const nlohmann::json params = {{"batch_size", cell.batch_size}};
    receipt["benchmarks"].push_back({{"benchmark", cell.benchmark},
                                     {"params", params},
                                     {"metrics",
                                      {{{"benchmark", cell.benchmark},
                                        {"params", params},
                                        {"measure", "throughput"},
                                        {"units", "1/s"},
                                        {"direction", "higher_is_better"},
                                        {"value", cell.throughput}}}}});
  }
  return receipt;
}

}  // namespace perfwatch::testing
