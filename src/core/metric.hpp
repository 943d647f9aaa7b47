#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/measure.hpp"

namespace perfwatch {

// One value of one measure of one benchmark, as an adapter or the runner hands it over.
// Views only: a MetricSink copies what it keeps before add() returns.
struct MetricRecord {
  std::string_view benchmark;          // full benchmark name, e.g. "BM_parse/4096"
  std::string_view params_json = "{}";  // parameters as a JSON object, e.g. {"batch":8}
  const Measure* measure = nullptr;
  double value = 0;
  std::optional<double> lower;   // lower bound of the value (confidence bound or min)
  std::optional<double> upper;   // upper bound of the value
  int64_t n = 0;                 // number of samples the value summarises; 0 when unknown
  std::span<const double> samples;  // raw samples in the measure's units, when the input has them
};

// Receives metrics as they are parsed, so a large input never exists twice in memory.
class MetricSink {
 public:
  virtual ~MetricSink() = default;
  virtual void add(const MetricRecord& metric) = 0;
  // The harness and version that wrote the input, when the input says (e.g. "JMH 1.36").
  virtual void set_tool_version(std::string_view tool_version) = 0;
};

}  // namespace perfwatch
