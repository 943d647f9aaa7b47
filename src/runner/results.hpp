// What running a suite produced: per benchmark instance its metrics (core's OwnedMetric),
// failed runs, resource samples, statistics and warnings.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/report_record.hpp"
#include "runner/sampler.hpp"
#include "runner/statistics.hpp"

namespace perfwatch::runner {

struct Failure {
  std::string phase;   // "setup", "warmup", "run", "teardown", "harness", "output"
  int run_index = -1;  // 0-based timed run; -1 outside the timed runs
  std::optional<int> exit_code;
  std::optional<int> term_signal;
  bool timed_out = false;
  std::string message;  // "exit code 3", "timed out after 2 s", "cannot parse output: ..."
  std::string stderr_tail;
};

struct InstanceResult {
  std::string id;
  std::string benchmark;
  nlohmann::json params = nlohmann::json::object();
  std::string mode;  // "timed", "instructions" or "harness"
  int runs = 0;      // successful timed runs
  std::vector<OwnedMetric> metrics;
  std::vector<Failure> failures;
  std::vector<ResourceSample> resources;
  std::optional<Summary> wall;  // statistics of the wall times (timed mode)
  nlohmann::json statistics = nlohmann::json::object();  // measure slug -> summary
  std::vector<std::string> warnings;

  bool failed() const { return !failures.empty(); }
};

}  // namespace perfwatch::runner
