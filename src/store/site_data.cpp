#include "store/site_data.hpp"

#include <fmt/format.h>

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

// The SQL of one list per column of `columns` of the sample table `alias`, in the order of its
// t_ms and as text, named as the column.
std::string lists_by_time(const char* alias, std::initializer_list<const char*> columns) {
  std::string sql;
  for (const char* column : columns) {
    sql += fmt::format("{}list({}.{} ORDER BY {}.t_ms)::VARCHAR AS {}", sql.empty() ? "" : ", ",
                       alias, column, alias, column);
  }
  return sql;
}

int32_t int32(const db::NamedRows::Column& column, uint64_t row) {
  return static_cast<int32_t>(column.int64(row));
}

}  // namespace

void for_each_sample_list(db::Session& session, int32_t project_id,
                          const std::function<void(const SampleList&)>& visit) {
  const auto rows = query_metrics_by_series(
      session, project_id,
      "r.branch AS branch, r.testbed AS testbed, "
      "list_transform(x.samples, s -> CASE WHEN isfinite(s) THEN s END)::VARCHAR AS samples",
      "len(x.samples) > 0");
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
                   " SELECT r.idx AS report, s.benchmark AS benchmark, " +
                   lists_by_time("s", {"t_ms", "cpu_percent", "rss_bytes", "gpu_util_percent",
                                       "gpu_mem_bytes"}) +
                   " FROM resource_sample s JOIN r ON r.id = s.report GROUP BY r.idx, s.benchmark "
                   "ORDER BY r.idx, s.benchmark");
  std::vector<ResourceUse> uses;
  uses.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    const auto list = [&](std::string_view column) { return json_list(rows.text(column, row)); };
    uses.push_back({static_cast<int32_t>(rows.int64("report", row)),
                    static_cast<int32_t>(rows.int64("benchmark", row)), list("t_ms"),
                    list("cpu_percent"), list("rss_bytes"), list("gpu_util_percent"),
                    list("gpu_mem_bytes")});
  }
  return uses;
}

std::vector<GpuUse> load_gpu_use(db::Session& session, int32_t project_id) {
  const auto rows = db::query(
      session, "WITH r AS " + numbered_reports(project_id) +
                   " SELECT r.idx AS report, g.benchmark AS benchmark, g.gpu_index AS gpu_index, " +
                   lists_by_time("g", {"t_ms", "sm_clock_mhz", "power_w", "temperature_c",
                                       "util_percent", "throttled"}) +
                   " FROM gpu_sample g JOIN r ON r.id = g.report "
                   "GROUP BY r.idx, g.benchmark, g.gpu_index "
                   "ORDER BY r.idx, g.benchmark, g.gpu_index");
  std::vector<GpuUse> uses;
  uses.reserve(rows.size());
  for (uint64_t row = 0; row < rows.size(); ++row) {
    const auto list = [&](std::string_view column) { return json_list(rows.text(column, row)); };
    uses.push_back({static_cast<int32_t>(rows.int64("report", row)),
                    static_cast<int32_t>(rows.int64("benchmark", row)),
                    rows.int64("gpu_index", row), list("t_ms"), list("sm_clock_mhz"),
                    list("power_w"), list("temperature_c"), list("util_percent"),
                    list("throttled")});
  }
  return uses;
}

}  // namespace perfwatch::store
