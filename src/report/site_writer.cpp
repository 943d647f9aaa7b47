#include "report/site_writer.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "detect/change_points.hpp"
#include "report/ab_pages.hpp"
#include "report/assets.hpp"
#include "report/badges.hpp"
#include "report/catalog.hpp"
#include "report/js_data.hpp"
#include "report/markup.hpp"
#include "report/parallel.hpp"
#include "report/predicted_cells.hpp"
#include "report/statuses.hpp"
#include "store/catalog.hpp"
#include "store/history.hpp"
#include "store/site_data.hpp"
#include "store/thresholds.hpp"

namespace perfwatch::report {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Marks a folder as a site perfwatch wrote, so a later run may replace it.
constexpr const char* site_marker = ".perfwatch-site";

struct Page {
  const char* file;
  const char* name;
  const char* title;
};
constexpr Page pages[] = {
    {"index.html", "index", "Benchmarks"},  {"benchmark.html", "benchmark", "Benchmark"},
    {"matrix.html", "matrix", "Matrix"},    {"reports.html", "reports", "Reports"},
    {"report.html", "report", "Report"},    {"alerts.html", "alerts", "Alerts"},
    {"compare.html", "compare", "Compare"},
};

std::string_view asset(std::string_view name) {
  for (const auto& web_asset : web_assets()) {
    if (web_asset.name == name) return web_asset.content;
  }
  throw std::logic_error("web asset missing from the build: " + std::string(name));
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

void check_destination(const fs::path& out) {
  if (!fs::exists(out)) return;
  if (!fs::is_directory(out))
    throw InputError("--out: " + out.string() + " is a file, not a folder");
  if (fs::exists(out / site_marker) || fs::is_empty(out)) return;
  throw InputError("--out: " + out.string() +
                   " holds files that are not a perfwatch site; name a new or empty folder");
}

// The history of one benchmark: its series (indexes into the catalog's series), each with its
// times, values, bounds, reports and change points.
std::string benchmark_json(const store::History& history, std::size_t first, std::size_t end) {
  std::string out = "{\"series\":[";
  for (auto index = first; index < end; ++index) {
    const auto& series = history.series[index];
    if (index > first) out += ',';
    fmt::format_to(std::back_inserter(out), "{{\"i\":{},\"t\":", index);
    append_numbers(out, series.time_s);
    out += ",\"v\":";
    append_numbers(out, series.value);
    const bool has_lower = std::any_of(series.lower.begin(), series.lower.end(),
                                       [](double v) { return std::isfinite(v); });
    const bool has_upper = std::any_of(series.upper.begin(), series.upper.end(),
                                       [](double v) { return std::isfinite(v); });
    if (has_lower || has_upper) {
      out += ",\"lo\":";
      append_numbers(out, series.lower);
      out += ",\"hi\":";
      append_numbers(out, series.upper);
    }
    out += ",\"r\":";
    append_integers(out, series.report);
    out += ",\"samples\":";
    out +=
        std::any_of(series.has_samples.begin(), series.has_samples.end(), [](bool b) { return b; })
            ? "true"
            : "false";
    out += ",\"cp\":[";
    const auto change_points = detect::find_change_points(series.value);
    for (std::size_t c = 0; c < change_points.size(); ++c) {
      if (c > 0) out += ',';
      fmt::format_to(std::back_inserter(out), "{{\"i\":{},\"before\":", change_points[c].index);
      append_number(out, change_points[c].before);
      out += ",\"after\":";
      append_number(out, change_points[c].after);
      out += ",\"p\":";
      append_number(out, change_points[c].p_value);
      out += '}';
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

std::size_t write_histories(const store::History& history, const fs::path& dir) {
  fs::create_directories(dir / "data" / "b");
  std::vector<std::pair<std::size_t, std::size_t>> benchmarks;  // [first, end) of its series
  for (std::size_t first = 0; first < history.series.size();) {
    auto end = first;
    while (end < history.series.size() &&
           history.series[end].benchmark == history.series[first].benchmark) {
      ++end;
    }
    benchmarks.emplace_back(first, end);
    first = end;
  }
  parallel_for(benchmarks.size(), [&](std::size_t index) {
    const auto [first, end] = benchmarks[index];
    const auto benchmark = history.series[first].benchmark;
    write_js_data(dir / "data" / "b" / fmt::format("{}.js", benchmark),
                  fmt::format("b{}", benchmark), benchmark_json(history, first, end));
  });
  return benchmarks.size();
}

// Raw samples, one file per benchmark: {"SERIES": {"REPORT": [samples]}}.
std::size_t write_samples(db::Session& session, const store::History& history, int32_t project_id,
                          const fs::path& dir) {
  fs::create_directories(dir / "data" / "s");
  std::map<SeriesId, std::size_t> series_index;
  for (std::size_t index = 0; index < history.series.size(); ++index) {
    const auto& series = history.series[index];
    series_index[{series.benchmark, series.measure, series.branch, series.testbed}] = index;
  }
  std::size_t files = 0;
  std::string out;
  int32_t benchmark = -1;
  std::size_t last_series = SIZE_MAX;
  const auto flush = [&] {
    if (benchmark < 0) return;
    out += "}}";
    write_js_data(dir / "data" / "s" / fmt::format("{}.js", benchmark),
                  fmt::format("s{}", benchmark), out);
    ++files;
  };
  store::for_each_sample_list(session, project_id, [&](const store::SampleList& list) {
    const auto index = series_index.at({list.benchmark, list.measure, list.branch, list.testbed});
    if (list.benchmark != benchmark) {
      flush();
      benchmark = list.benchmark;
      out = "{";
      last_series = SIZE_MAX;
    }
    if (index != last_series) {
      if (last_series != SIZE_MAX) out += "},";
      fmt::format_to(std::back_inserter(out), "\"{}\":{{", index);
      last_series = index;
    } else {
      out += ',';
    }
    fmt::format_to(std::back_inserter(out), "\"{}\":", list.report);
    out += list.samples;
  });
  flush();
  return files;
}

// Per (report index, benchmark), its GPUs' state as a JSON array:
// [{"index", "t_ms", "sm_mhz", "power_w", "temp_c", "util", "throttled"}] (gpu_sample).
std::map<std::pair<int32_t, int32_t>, std::string> gpu_json(db::Session& session,
                                                            int32_t project_id) {
  std::map<std::pair<int32_t, int32_t>, std::string> gpus;
  for (const auto& gpu : store::load_gpu_use(session, project_id)) {
    auto& text = gpus[{gpu.report, gpu.benchmark}];
    text += text.empty() ? "[" : ",";
    fmt::format_to(std::back_inserter(text),
                   "{{\"index\":{},\"t_ms\":{},\"sm_mhz\":{},\"power_w\":{},\"temp_c\":{},"
                   "\"util\":{},\"throttled\":{}}}",
                   gpu.gpu_index, gpu.t_ms, gpu.sm_clock_mhz, gpu.power_w, gpu.temperature_c,
                   gpu.util_percent, gpu.throttled);
  }
  for (auto& [key, text] : gpus) text += "]";
  return gpus;
}

// The resource use sampled while each report ran: report index -> JSON object by benchmark,
// with its GPUs' state under "gpus" where there were GPUs.
std::map<std::size_t, std::string> resources_json(db::Session& session, int32_t project_id) {
  std::map<std::size_t, std::string> resources;
  const auto gpus = gpu_json(session, project_id);
  for (const auto& use : store::load_resource_use(session, project_id)) {
    auto& text = resources[static_cast<std::size_t>(use.report)];
    text += text.empty() ? "{" : ",";
    fmt::format_to(std::back_inserter(text),
                   "\"{}\":{{\"t_ms\":{},\"cpu\":{},\"rss\":{},\"gpu\":{},\"gpu_mem\":{}",
                   use.benchmark, use.t_ms, use.cpu_percent, use.rss_bytes, use.gpu_util_percent,
                   use.gpu_mem_bytes);
    if (const auto found = gpus.find({use.report, use.benchmark}); found != gpus.end()) {
      text += ",\"gpus\":" + found->second;
    }
    text += "}";
  }
  return resources;
}

// One file per report: its metrics as [series, value] or [series, value, lower, upper] (series
// indexes the catalog's series), and its resource use (resources_json).
std::size_t write_report_files(const store::History& history,
                               const std::map<std::size_t, std::string>& resources,
                               const fs::path& dir) {
  fs::create_directories(dir / "data" / "r");
  parallel_for(history.reports.size(), [&](std::size_t report) {
    std::string out = "{\"metrics\":[";
    const auto& points = history.points_of_report[report];
    for (std::size_t i = 0; i < points.size(); ++i) {
      const auto& series = history.series[static_cast<std::size_t>(points[i].series)];
      const auto point = static_cast<std::size_t>(points[i].point);
      if (i > 0) out += ',';
      fmt::format_to(std::back_inserter(out), "[{},", points[i].series);
      append_number(out, series.value[point]);
      if (std::isfinite(series.lower[point]) || std::isfinite(series.upper[point])) {
        out += ',';
        append_number(out, series.lower[point]);
        out += ',';
        append_number(out, series.upper[point]);
      }
      out += ']';
    }
    out += "],\"resources\":";
    const auto found = resources.find(report);
    out += found == resources.end() ? std::string("{}") : found->second + "}";
    out += '}';
    write_js_data(dir / "data" / "r" / fmt::format("{}.js", report), fmt::format("r{}", report),
                  out);
  });
  return history.reports.size();
}

std::size_t write_pages(const fs::path& dir, const std::string& title) {
  fs::create_directories(dir / "assets");
  std::size_t files = 0;
  for (const auto& web_asset : web_assets()) {
    if (web_asset.name.ends_with(".html")) continue;
    write_text_file(dir / "assets" / std::string(web_asset.name), web_asset.content);
    ++files;
  }
  const std::string shell(asset("shell.html"));
  for (const auto& page : pages) {
    auto html = replace_all(shell, "{{page}}", page.name);
    html = replace_all(html, "{{title}}", escape_markup(fmt::format("{} · {}", page.title, title)));
    html = replace_all(html, "{{site}}", escape_markup(title));
    write_text_file(dir / page.file, html);
    ++files;
  }
  return files;
}

std::string utc_now() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

}  // namespace

SiteSummary write_site(db::Session& session, const fs::path& out, const SiteOptions& options) {
  check_destination(out);
  const auto project_id = store::project_id_of(session, options.project);
  const auto history = store::load_history(session, project_id);
  const auto stored = store::load_catalog(session, project_id);
  const auto thresholds = store::list_thresholds(session, options.project);
  auto catalog = catalog_json(stored, history);
  catalog["title"] = options.title;
  catalog["generated"] = utc_now();

  const auto absolute = fs::absolute(out).lexically_normal();
  const auto parent = absolute.parent_path();
  fs::create_directories(parent);
  const auto staging =
      parent / fmt::format(".{}.tmp-{}", absolute.filename().string(), static_cast<long>(getpid()));
  fs::remove_all(staging);
  SiteSummary summary;
  try {
    fs::create_directories(staging / "data");
    write_text_file(staging / site_marker, "written by perfwatch report --out; replaced whole\n");
    summary.files += write_pages(staging, options.title);
    summary.files += write_ab_pages(session, options.project, options.title, staging);
    summary.files += write_samples(session, history, project_id, staging);
    const auto resources = resources_json(session, project_id);
    // The checks read the loaded history, not the database: they run while the histories and
    // reports are written.
    auto checking = std::async(std::launch::async, [&] {
      return latest_verdicts(history, HistoryChecks(history, stored, thresholds), options.config);
    });
    // The model reads a copy of the benchmarks, since the catalog grows meanwhile.
    auto predicting = std::async(std::launch::async, [&, benchmarks = catalog["benchmarks"]] {
      return predicted_cells(benchmarks, history, options.prediction_level);
    });
    summary.files += write_histories(history, staging);
    summary.files += write_report_files(history, resources, staging);
    catalog["series"] = series_summaries(history, checking.get());
    catalog["predicted"] = predicting.get();
    catalog["prediction_level"] = options.prediction_level;
    write_js_data(staging / "data" / "site.js", "site", catalog.dump());
    summary.files += 1;
    summary.files += write_badges(badge_inputs(catalog), staging / "badges");
    fs::remove_all(absolute);
    fs::rename(staging, absolute);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  summary.benchmarks = catalog["benchmarks"].size();
  summary.series = history.series.size();
  summary.reports = history.reports.size();
  return summary;
}

}  // namespace perfwatch::report
