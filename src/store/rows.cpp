#include "store/rows.hpp"

#include <chrono>

namespace perfwatch::rows {
namespace {

enum BenchmarkColumn : uint64_t { kBenchmarkId, kBenchmarkProject, kBenchmarkName, kParams };
enum MeasureColumn : uint64_t { kMeasureId, kMeasureProject, kSlug, kUnits, kDirection };
enum ResourceColumn : uint64_t {
  kSampleReport,
  kSampleBenchmark,
  kTms,
  kCpu,
  kRss,
  kGpuUtil,
  kGpuMem
};
enum GpuColumn : uint64_t {
  kGpuReport,
  kGpuBenchmark,
  kGpuTms,
  kGpuIndex,
  kSmClock,
  kMemClock,
  kGpuUtilPercent,
  kMemUsed,
  kPower,
  kTemperature,
  kThrottleReasons,
  kThrottled
};
enum FailureColumn : uint64_t {
  kFailureReport,
  kFailureBenchmark,
  kRunIndex,
  kExitCode,
  kTermSignal,
  kTimedOut,
  kStderrTail
};
enum ReportColumn : uint64_t {
  kId,
  kProject,
  kBranch,
  kTestbed,
  kCommit,
  kCommitTime,
  kAuthorTime,
  kDirty,
  kStarted,
  kEnded,
  kIngested,
  kCiProvider,
  kCiRunId,
  kCiRunUrl,
  kPrNumber,
  kBaseBranch,
  kSource,
  kAdapter,
  kToolVersion,
  kProfile,
  kSettings,
  kFingerprint,
  kContentHash
};

template <typename T>
void set_or_null(db::ChunkAppender& row, uint64_t column, const std::optional<T>& value) {
  value ? row.set(column, *value) : row.set_null(column);
}

void set_text_or_null(db::ChunkAppender& row, uint64_t column, std::string_view text) {
  text.empty() ? row.set_null(column) : row.set(column, text);
}

void set_seconds_or_null(db::ChunkAppender& row, uint64_t column,
                         const std::optional<int64_t>& unix_s) {
  unix_s ? row.set_timestamp(column, *unix_s * 1'000'000) : row.set_null(column);
}

}  // namespace

int64_t now_unix_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void append_benchmark(db::ChunkAppender& row, int32_t id, int32_t project, std::string_view name,
                      std::string_view params_json) {
  row.begin_row();
  row.set(kBenchmarkId, id);
  row.set(kBenchmarkProject, project);
  row.set(kBenchmarkName, name);
  row.set(kParams, params_json);
}

void append_measure(db::ChunkAppender& row, int32_t id, int32_t project, const Measure& measure) {
  row.begin_row();
  row.set(kMeasureId, id);
  row.set(kMeasureProject, project);
  row.set(kSlug, std::string_view(measure.slug));
  row.set(kUnits, std::string_view(measure.units));
  row.set(kDirection, to_string(measure.direction));
}

void append_resource_sample(db::ChunkAppender& row, duckdb_hugeint report, int32_t benchmark,
                            const ResourceSampleRecord& sample) {
  row.begin_row();
  row.set_uuid(kSampleReport, report);
  row.set(kSampleBenchmark, benchmark);
  row.set(kTms, sample.t_ms);
  set_or_null(row, kCpu, sample.cpu_percent);
  set_or_null(row, kRss, sample.rss_bytes);
  set_or_null(row, kGpuUtil, sample.gpu_util_percent);
  set_or_null(row, kGpuMem, sample.gpu_mem_bytes);
}

void append_gpu_sample(db::ChunkAppender& row, duckdb_hugeint report, int32_t benchmark,
                       const GpuSampleRecord& sample) {
  row.begin_row();
  row.set_uuid(kGpuReport, report);
  row.set(kGpuBenchmark, benchmark);
  row.set(kGpuTms, sample.t_ms);
  row.set(kGpuIndex, sample.gpu_index);
  set_or_null(row, kSmClock, sample.sm_clock_mhz);
  set_or_null(row, kMemClock, sample.mem_clock_mhz);
  set_or_null(row, kGpuUtilPercent, sample.util_percent);
  set_or_null(row, kMemUsed, sample.mem_used_bytes);
  set_or_null(row, kPower, sample.power_w);
  set_or_null(row, kTemperature, sample.temperature_c);
  set_or_null(row, kThrottleReasons, sample.throttle_reasons);
  row.set_bool(kThrottled, sample.throttled);
}

void append_run_failure(db::ChunkAppender& row, duckdb_hugeint report, int32_t benchmark,
                        const RunFailureRecord& failure) {
  row.begin_row();
  row.set_uuid(kFailureReport, report);
  row.set(kFailureBenchmark, benchmark);
  row.set(kRunIndex, failure.run_index);
  set_or_null(row, kExitCode, failure.exit_code);
  set_or_null(row, kTermSignal, failure.term_signal);
  row.set_bool(kTimedOut, failure.timed_out);
  row.set(kStderrTail, failure.stderr_tail);
}

void append_report(db::ChunkAppender& row, const ReportIds& ids, const ReportContext& context,
                   std::string_view content_hash, int64_t ingested_us) {
  const auto started = context.started_unix_us ? context.started_unix_us : ingested_us;
  const auto ended = context.ended_unix_us ? context.ended_unix_us : started;
  row.begin_row();
  row.set_uuid(kId, ids.report);
  row.set(kProject, ids.project);
  row.set(kBranch, ids.branch);
  row.set(kTestbed, ids.testbed);
  set_text_or_null(row, kCommit, context.git.commit);
  set_seconds_or_null(row, kCommitTime, context.git.commit_time_unix_s);
  set_seconds_or_null(row, kAuthorTime, context.git.author_time_unix_s);
  row.set_bool(kDirty, context.git.dirty);
  row.set_timestamp(kStarted, started);
  row.set_timestamp(kEnded, ended);
  row.set_timestamp(kIngested, ingested_us);
  set_text_or_null(row, kCiProvider, context.ci.provider);
  set_text_or_null(row, kCiRunId, context.ci.run_id);
  set_text_or_null(row, kCiRunUrl, context.ci.run_url);
  set_text_or_null(row, kPrNumber, context.ci.pr_number);
  set_text_or_null(row, kBaseBranch, context.ci.base_branch);
  set_text_or_null(row, kSource, context.source);
  row.set(kAdapter, std::string_view(context.adapter));
  set_text_or_null(row, kToolVersion, context.tool_version);
  set_text_or_null(row, kProfile, context.profile);
  row.set(kSettings, std::string_view(context.settings.dump()));
  row.set(kFingerprint, std::string_view(context.testbed_fingerprint.dump()));
  row.set(kContentHash, content_hash);
}

}  // namespace perfwatch::rows
