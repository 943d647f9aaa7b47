#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/metric.hpp"
#include "core/report_context.hpp"
#include "store/database.hpp"

namespace perfwatch {

// The id a report gets: a UUID made from the SHA-256 of its project, testbed, commit and the
// hash of its content, so that the same results stored twice (or merged twice) are one report.
std::string report_id_for(const ReportContext& context, std::string_view content_hash);

// Writes one report and its metrics in one transaction; metrics stream in through MetricSink.
// Destroying it before commit() rolls everything back: a report is stored whole or not at all.
class ReportWriter final : public MetricSink {
 public:
  ReportWriter(Database& database, ReportContext context, std::string_view content_hash);
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;
  ~ReportWriter() override;

  const std::string& report_id() const { return report_id_; }
  // True when a report with this id is already stored; add() then ignores what it is given.
  bool already_stored() const { return already_stored_; }
  uint64_t metric_count() const { return metric_count_; }

  void add(const MetricRecord& metric) override;
  void set_tool_version(std::string_view tool_version) override;
  // The runner's failed runs (run_failure), resource samples (resource_sample) and GPU samples
  // (gpu_sample), in the same transaction as the metrics.
  void add_failure(const RunFailureRecord& failure) override;
  void add_resource_sample(const ResourceSampleRecord& sample) override;
  void add_gpu_sample(const GpuSampleRecord& sample) override;
  uint64_t failure_count() const { return failure_count_; }
  // Stores the report row and commits. Throws InputError for a report with neither metrics nor
  // failed runs.
  void commit();

 private:
  int32_t id_of(const char* table, std::string_view name_column, std::string_view name);
  int32_t measure_id(const Measure& measure);
  int32_t benchmark_id(std::string_view name, std::string_view params_json);
  void load_benchmarks_and_measures();
  void insert_report_row();

  Database& database_;
  ReportContext context_;
  std::string content_hash_;
  std::string report_id_;
  duckdb_hugeint report_uuid_{};  // report_id_ as the metric rows store it
  bool already_stored_ = false;
  bool finished_ = false;
  uint64_t metric_count_ = 0;
  uint64_t failure_count_ = 0;
  int32_t project_id_ = 0;
  int32_t next_benchmark_id_ = 1;
  int32_t next_measure_id_ = 1;
  std::unordered_map<std::string, int32_t> benchmark_ids_;  // name + '\x1f' + params
  std::unordered_map<std::string, int32_t> measure_ids_;
  std::string key_buffer_;
  std::unique_ptr<db::ChunkAppender> benchmark_appender_;
  std::unique_ptr<db::ChunkAppender> metric_appender_;
  std::unique_ptr<db::ChunkAppender> resource_appender_;  // opened at the first sample
  std::unique_ptr<db::ChunkAppender> gpu_appender_;       // opened at the first GPU sample
};

}  // namespace perfwatch
