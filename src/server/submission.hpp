// A report submitted to the results server, parsed and checked in the request's own thread
// before anything is stored: storing it can then fail only for the database's reasons, never
// for its content, so that many submissions can share one transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "core/metric.hpp"
#include "core/report_context.hpp"

namespace perfwatch::server {

// The records an adapter handed over, copied out of the views MetricSink receives.
struct OwnedMetric {
  std::string benchmark;
  std::string params_json;
  Measure measure;
  double value = 0;
  std::optional<double> lower;
  std::optional<double> upper;
  int64_t n = 0;
  std::vector<double> samples;
};

struct OwnedFailure {
  std::string benchmark;
  std::string params_json;
  int32_t run_index = 0;
  std::optional<int32_t> exit_code;
  std::optional<int32_t> term_signal;
  bool timed_out = false;
  std::string stderr_tail;
};

struct OwnedResourceSample {
  std::string benchmark;
  std::string params_json;
  double t_ms = 0;
  std::optional<double> cpu_percent;
  std::optional<int64_t> rss_bytes;
  std::optional<double> gpu_util_percent;
  std::optional<int64_t> gpu_mem_bytes;
};

// One parsed submission: its context (adapter and tool version filled in), the SHA-256 of its
// content (which, with the context, makes its report id) and everything the adapter found.
struct Submission final : MetricSink {
  ReportContext context;
  std::string content_hash;
  std::vector<OwnedMetric> metrics;
  std::vector<OwnedFailure> failures;
  std::vector<OwnedResourceSample> resource_samples;

  void add(const MetricRecord& metric) override;
  void set_tool_version(std::string_view tool_version) override;
  void add_failure(const RunFailureRecord& failure) override;
  void add_resource_sample(const ResourceSampleRecord& sample) override;

  // Hands every record to `sink` as an adapter would have.
  void replay(MetricSink& sink) const;
};

// What storing one submission gave: its report id, whether it was new (false: the same report
// was already stored, nothing was written), and how many metrics it holds.
struct StoredSubmission {
  std::string report_id;
  bool stored = false;
  uint64_t metrics = 0;
};

// Parses a request body {"context": {...}, "adapter": "auto"|name, "content": "..."}. Throws
// InputError naming the field for anything wrong, including content with neither metrics nor
// failed runs.
Submission parse_submission(const nlohmann::json& body);

}  // namespace perfwatch::server
