// The rows a report is stored as, appended through ChunkAppender in the schema's column order
// (store/schema.cpp), by DuckdbReportStore; its metric rows go through store/metric_stream.hpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/metric.hpp"
#include "core/report_context.hpp"
#include "store/duckdb.hpp"

namespace perfwatch::rows {

void append_benchmark(db::ChunkAppender& appender, int32_t id, int32_t project,
                      std::string_view name, std::string_view params_json);
void append_measure(db::ChunkAppender& appender, int32_t id, int32_t project,
                    const Measure& measure);
void append_resource_sample(db::ChunkAppender& appender, duckdb_hugeint report, int32_t benchmark,
                            const ResourceSampleRecord& sample);
void append_gpu_sample(db::ChunkAppender& appender, duckdb_hugeint report, int32_t benchmark,
                       const GpuSampleRecord& sample);
void append_run_failure(db::ChunkAppender& appender, duckdb_hugeint report, int32_t benchmark,
                        const RunFailureRecord& failure);

// Now, in Unix microseconds: when a report is ingested.
int64_t now_unix_us();

// What a report row holds besides its context.
struct ReportIds {
  duckdb_hugeint report{};
  int32_t project = 0;
  int32_t branch = 0;
  int32_t testbed = 0;
};
// A report row; `ingested_us` is when it was received (Unix microseconds), which also stands in
// for a start time the context does not have.
void append_report(db::ChunkAppender& appender, const ReportIds& ids, const ReportContext& context,
                   std::string_view content_hash, int64_t ingested_us);

}  // namespace perfwatch::rows
