#include "report/statuses.hpp"

#include <set>

namespace perfwatch::report {

std::map<SeriesId, LatestVerdict> latest_verdicts(db::Connection& connection,
                                                  const store::History& history,
                                                  const detect::DetectionConfig& config) {
  // A report is checked once for all the series whose newest value it holds.
  std::map<std::string, std::set<SeriesId>> ends;
  for (const auto& series : history.series) {
    const auto& newest = history.reports[static_cast<std::size_t>(series.report.back())];
    ends[newest.id].insert({series.benchmark, series.measure, series.branch, series.testbed});
  }
  std::map<SeriesId, LatestVerdict> verdicts;
  for (const auto& [report_id, series] : ends) {
    const auto result = detect::check_report(connection, report_id, config);
    for (const auto& verdict : result.verdicts) {
      for (const auto& id : series) {
        if (std::get<0>(id) != verdict.benchmark_id || std::get<1>(id) != verdict.measure_id) {
          continue;
        }
        verdicts[id] = {report_id, verdict.status, verdict.baseline, verdict.lower_limit,
                        verdict.upper_limit};
      }
    }
  }
  return verdicts;
}

}  // namespace perfwatch::report
