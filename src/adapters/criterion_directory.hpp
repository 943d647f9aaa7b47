// Criterion.rs's results folder (target/criterion), read as one report. Criterion writes a
// folder per benchmark, and in it new/ with the latest run (base/ holds the saved baseline and
// change/ the comparison; neither is read):
//   new/benchmark.json  {group_id, function_id, value_str, full_id, throughput: {Bytes|Elements:
//   N}} new/estimates.json  {mean, median, median_abs_dev, slope, std_dev}: each {point_estimate,
//                       standard_error, confidence_interval: {lower_bound, upper_bound}}, in ns
//   new/sample.json     {sampling_mode, iters: [...], times: [...]}: total ns of each sample
// Format: the files Criterion.rs 0.3 writes (src/report.rs and src/estimate.rs of criterion-rs),
// checked against tests/fixtures/criterion_directory, produced by the real harness.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace perfwatch {

// True when some folder below `folder` holds new/estimates.json.
bool is_criterion_directory(const std::filesystem::path& folder);

class CriterionDirectory {
 public:
  // Reads the new/ files of every benchmark below root, in path order. Throws InputError when a
  // file cannot be read.
  explicit CriterionDirectory(const std::filesystem::path& root);

  static constexpr std::string_view adapter_name = "criterion";
  // SHA-256 over the names and contents of the files read: the report's content identity.
  std::string content_hash() const;
  // One latency metric per benchmark, and a bytes or items per second metric when Criterion was
  // given a throughput. Throws InputError naming the file and the place on malformed input.
  void parse(MetricSink& sink) const;

 private:
  struct Benchmark {
    InputFile benchmark, estimates, sample;
  };
  std::vector<Benchmark> benchmarks_;
};

}  // namespace perfwatch
