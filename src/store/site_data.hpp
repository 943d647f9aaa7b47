// store: what the site shows beside the history (history.hpp): each metric's raw samples and
// the resource use sampled while each report ran (resource_sample, gpu_sample), as JSON arrays
// the site writes as they are. Reports are named by their index in History::reports. Its SQL is
// DuckDB's (the site reads a PostgreSQL project through postgres_mirror.hpp); columns are read
// by name.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/sql.hpp"

namespace perfwatch::store {

// The raw samples of one metric that has some.
struct SampleList {
  int32_t benchmark = 0, measure = 0, branch = 0, testbed = 0;
  int32_t report = 0;   // index into History::reports
  std::string samples;  // a JSON array, null for a non-finite sample
};

// Calls `visit` for each metric of project `project_id` (all when 0) with samples, by benchmark,
// measure, branch, testbed and report.
void for_each_sample_list(db::Session& session, int32_t project_id,
                          const std::function<void(const SampleList&)>& visit);

// What was sampled while one benchmark of one report ran, oldest sample first; each field is a
// JSON array with null where a sample lacks the value.
struct ResourceUse {
  int32_t report = 0;  // index into History::reports
  int32_t benchmark = 0;
  std::string t_ms, cpu_percent, rss_bytes, gpu_util_percent, gpu_mem_bytes;
};

// The resource use of project `project_id` (all when 0), by report and benchmark.
std::vector<ResourceUse> load_resource_use(db::Session& session, int32_t project_id);

// One GPU's state while one benchmark of one report ran, in the same form.
struct GpuUse {
  int32_t report = 0;  // index into History::reports
  int32_t benchmark = 0;
  int64_t gpu_index = 0;
  std::string t_ms, sm_clock_mhz, power_w, temperature_c, util_percent, throttled;
};

// The GPU states of project `project_id` (all when 0), by report, benchmark and GPU.
std::vector<GpuUse> load_gpu_use(db::Session& session, int32_t project_id);

}  // namespace perfwatch::store
