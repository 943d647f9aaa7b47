#include "report/statuses.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "detect/threshold.hpp"

namespace perfwatch::report {
namespace {

template <typename Row>
std::map<int32_t, const Row*> by_id(const std::vector<Row>& rows) {
  std::map<int32_t, const Row*> index;
  for (const auto& row : rows) index.emplace(row.id, &row);
  return index;
}

template <typename Row>
const Row& find(const std::map<int32_t, const Row*>& index, int32_t id, const char* what) {
  const auto found = index.find(id);
  if (found == index.end()) {
    throw std::logic_error(std::string("the site's catalog lacks the ") + what + " of a report");
  }
  return *found->second;
}

}  // namespace

HistoryChecks::HistoryChecks(const store::History& history, const store::Catalog& catalog,
                             const std::vector<store::StoredThreshold>& thresholds)
    : history_(history),
      projects_(by_id(catalog.projects)),
      branches_(by_id(catalog.branches)),
      testbeds_(by_id(catalog.testbeds)),
      measures_(by_id(catalog.measures)),
      benchmarks_(by_id(catalog.benchmarks)) {
  for (std::size_t index = 0; index < history.series.size(); ++index) {
    const auto& series = history.series[index];
    series_index_.emplace(SeriesId{series.benchmark, series.measure, series.branch, series.testbed},
                          index);
  }
  for (const auto& threshold : thresholds) thresholds_[threshold.project].push_back(threshold);
}

detect::CheckResult HistoryChecks::check(std::size_t report_index,
                                         const detect::DetectionConfig& config) const {
  const auto& row = history_.reports.at(report_index);
  const auto& branch = find(branches_, row.branch, "branch");
  // The history branch is the base branch the report names, when the project has it (as in
  // store::load_checked_report), up to the base's newest report of the commit the branch forked
  // from when the branch records one.
  const store::CatalogBranch* base = nullptr;
  for (const auto& [id, other] : branches_) {
    if (other->project == row.project && other->name == row.base_branch && id != row.branch) {
      base = other;
    }
  }
  double until_s = row.started_s;
  if (base != nullptr && !branch.start_point_commit.empty()) {
    std::optional<double> fork_s;
    for (const auto& report : history_.reports) {
      if (report.branch == base->id && report.commit == branch.start_point_commit) {
        fork_s = std::max(fork_s.value_or(report.started_s), report.started_s);
      }
    }
    if (fork_s) until_s = std::min(until_s, *fork_s);
  }
  const auto& history_branch = base != nullptr ? *base : branch;

  store::CheckedReport report;
  report.id = row.id;
  report.project_id = row.project;
  report.branch_id = row.branch;
  report.history_branch_id = history_branch.id;
  report.testbed_id = row.testbed;
  report.project = find(projects_, row.project, "project").slug;
  report.branch = branch.name;
  report.history_branch = history_branch.name;
  report.testbed = find(testbeds_, row.testbed, "testbed").name;
  report.commit = row.commit;
  report.started_s = row.started_s;

  // The report's metrics in the store's order: by benchmark name, params and measure slug.
  std::vector<store::ReportMetric> metrics;
  for (const auto& point : history_.points_of_report.at(report_index)) {
    const auto& series = history_.series[static_cast<std::size_t>(point.series)];
    const auto& benchmark = find(benchmarks_, series.benchmark, "benchmark");
    const auto& measure = find(measures_, series.measure, "measure");
    metrics.push_back({.benchmark_id = series.benchmark,
                       .measure_id = series.measure,
                       .benchmark = benchmark.name,
                       .params = benchmark.params,
                       .measure = measure.slug,
                       .units = measure.units,
                       .direction = measure.direction,
                       .value = series.value[static_cast<std::size_t>(point.point)]});
  }
  std::sort(metrics.begin(), metrics.end(), [](const auto& a, const auto& b) {
    return std::tie(a.benchmark, a.params, a.measure) < std::tie(b.benchmark, b.params, b.measure);
  });

  static const std::vector<store::StoredThreshold> none;
  const auto stored = thresholds_.find(report.project);
  const detect::ThresholdChooser chooser(stored == thresholds_.end() ? none : stored->second,
                                         config.thresholds);
  auto result = detect::prepare_check(report, std::move(metrics), chooser, config);

  // Each series' newest window of values on the history branch and testbed that started before
  // the report and no later than the fork point.
  std::vector<store::RecentValues> earlier(result.verdicts.size());
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    const auto& verdict = result.verdicts[i];
    const auto found = series_index_.find(
        {verdict.benchmark_id, verdict.measure_id, history_branch.id, row.testbed});
    if (found == series_index_.end()) continue;
    const auto& series = history_.series[found->second];
    // The series is in the order its reports started, so the eligible values come first.
    const auto end = static_cast<std::size_t>(
        std::partition_point(series.time_s.begin(), series.time_s.end(),
                             [&](double t) { return t < row.started_s && t <= until_s; }) -
        series.time_s.begin());
    const auto window = static_cast<std::size_t>(verdict.threshold.window_reports);
    auto& values = earlier[i];
    for (auto point = end > window ? end - window : 0; point < end; ++point) {
      values.values.push_back(series.value[point]);
      values.started_s.push_back(series.time_s[point]);
      values.commits.push_back(
          history_.reports[static_cast<std::size_t>(series.report[point])].commit);
    }
  }
  detect::judge_report(result, report.started_s, earlier, config);
  return result;
}

std::map<SeriesId, LatestVerdict> latest_verdicts(const store::History& history,
                                                  const HistoryChecks& checks,
                                                  const detect::DetectionConfig& config) {
  // A report is checked once for all the series whose newest value it holds.
  std::map<std::size_t, std::set<SeriesId>> ends;
  for (const auto& series : history.series) {
    ends[static_cast<std::size_t>(series.report.back())].insert(
        {series.benchmark, series.measure, series.branch, series.testbed});
  }
  std::map<SeriesId, LatestVerdict> verdicts;
  for (const auto& [report_index, series] : ends) {
    const auto result = checks.check(report_index, config);
    for (const auto& verdict : result.verdicts) {
      for (const auto& id : series) {
        if (std::get<0>(id) != verdict.benchmark_id || std::get<1>(id) != verdict.measure_id) {
          continue;
        }
        verdicts[id] = {result.report_id, verdict.status, verdict.baseline, verdict.lower_limit,
                        verdict.upper_limit};
      }
    }
  }
  return verdicts;
}

}  // namespace perfwatch::report
