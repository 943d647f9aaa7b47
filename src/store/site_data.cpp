#include "store/site_data.hpp"

#include "store/history.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
namespace {

// DuckDB prints a list as [1.0, NULL, 2.5]: as JSON once NULL is null.
std::string json_list(std::string text) {
  for (auto at = text.find("NULL"); at != std::string::npos; at = text.find("NULL", at + 4)) {
    text.replace(at, 4, "null");
  }
  return text;
}

int32_t int32(const db::NamedRows::Column& column, uint64_t row) {
  return static_cast<int32_t>(column.int64(row));
}

}  // namespace

void for_each_sample_list(db::Session& session, int32_t project_id,
                          const std::function<void(const SampleList&)>& visit) {
  const auto rows = db::query(
      session,
      "WITH r AS " + numbered_reports(project_id) +
          " SELECT x.benchmark AS benchmark, x.measure AS measure, r.branch AS branch, "
          "r.testbed AS testbed, r.idx AS report, "
          "list_transform(x.samples, s -> CASE WHEN isfinite(s) THEN s END)::VARCHAR AS samples "
          "FROM metric x JOIN r ON r.id = x.report WHERE len(x.samples) > 0 "
          "ORDER BY x.benchmark, x.measure, r.branch, r.testbed, r.idx");
  const auto benchmark = rows.column("benchmark");
  const auto measure = rows.column("measure");
  const auto branch = rows.column("branch");
  const auto testbed = rows.column("testbed");
  const auto report = rows.column("report");
  const auto samples = rows.column("samples");
  SampleList list;
  for (uint64_t row = 0; row < rows.size(); ++row) {
    list.benchmark = int32(benchmark, row);
    list.measure = int32(measure, row);
    list.branch = int32(branch, row);
    list.testbed = int32(testbed, row);
    list.report = int32(report, row);
    list.samples = json_list(samples.text(row));
    visit(list);
  }
}

std::vector<ResourceUse> load_resource_use(db::Session& session, int32_t project_id) {
  const auto rows = db::query(
      session, "WITH r AS " + numbered_reports(project_id) +
                   " SELECT r.idx AS report, s.benchmark AS benchmark, "
                   "list(s.t_ms ORDER BY s.t_ms)::VARCHAR AS t_ms, "
                   "list(s.cpu_percent ORDER BY s.t_ms)::VARCHAR AS cpu_percent, "
                   "list(s.rss_bytes ORDER BY s.t_ms)::VARCHAR AS rss_bytes, "
                   "list(s.gpu_util_percent ORDER BY s.t_ms)::VARCHAR AS gpu_util_percent, "
                   "list(s.gpu_mem_bytes ORDER BY s.t_ms)::VARCHAR AS gpu_mem_bytes "
                   "FROM resource_sample s JOIN r ON r.id = s.report GROUP BY r.idx, s.benchmark "
                   "ORDER BY r.idx, s.benchmark");
  std::vector<ResourceUse> uses;
  uses.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    uses.push_back({static_cast<int32_t>(rows.int64("report", row)),
                    static_cast<int32_t>(rows.int64("benchmark", row)),
                    json_list(rows.text("t_ms", row)), json_list(rows.text("cpu_percent", row)),
                    json_list(rows.text("rss_bytes", row)),
                    json_list(rows.text("gpu_util_percent", row)),
                    json_list(rows.text("gpu_mem_bytes", row))});
  }
  return uses;
}

std::vector<GpuUse> load_gpu_use(db::Session& session, int32_t project_id) {
  const auto rows = db::query(
      session,
      "WITH r AS " + numbered_reports(project_id) +
          " SELECT r.idx AS report, g.benchmark AS benchmark, g.gpu_index AS gpu_index, "
          "list(g.t_ms ORDER BY g.t_ms)::VARCHAR AS t_ms, "
          "list(g.sm_clock_mhz ORDER BY g.t_ms)::VARCHAR AS sm_clock_mhz, "
          "list(g.power_w ORDER BY g.t_ms)::VARCHAR AS power_w, "
          "list(g.temperature_c ORDER BY g.t_ms)::VARCHAR AS temperature_c, "
          "list(g.util_percent ORDER BY g.t_ms)::VARCHAR AS util_percent, "
          "list(g.throttled ORDER BY g.t_ms)::VARCHAR AS throttled "
          "FROM gpu_sample g JOIN r ON r.id = g.report "
          "GROUP BY r.idx, g.benchmark, g.gpu_index ORDER BY r.idx, g.benchmark, g.gpu_index");
  std::vector<GpuUse> uses;
  uses.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    uses.push_back(
        {static_cast<int32_t>(rows.int64("report", row)),
         static_cast<int32_t>(rows.int64("benchmark", row)), rows.int64("gpu_index", row),
         json_list(rows.text("t_ms", row)), json_list(rows.text("sm_clock_mhz", row)),
         json_list(rows.text("power_w", row)), json_list(rows.text("temperature_c", row)),
         json_list(rows.text("util_percent", row)), json_list(rows.text("throttled", row))});
  }
  return uses;
}

}  // namespace perfwatch::store
