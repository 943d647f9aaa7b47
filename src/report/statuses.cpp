#include "report/statuses.hpp"

#include <fmt/format.h>

#include <set>

namespace perfwatch::report {

std::map<SeriesId, LatestVerdict> latest_verdicts(db::Connection& connection, int32_t project_id) {
  // The newest report of each series; a report is checked once for all the series it ends.
  auto newest = connection.query(fmt::format(
      "SELECT report::VARCHAR, benchmark, measure, branch, testbed FROM (SELECT x.report, "
      "x.benchmark, x.measure, r.branch, r.testbed, row_number() OVER (PARTITION BY x.benchmark, "
      "x.measure, r.branch, r.testbed ORDER BY r.started DESC, r.id DESC) AS rank "
      "FROM metric x JOIN report r ON r.id = x.report{}) WHERE rank = 1 ORDER BY 1",
      project_id == 0 ? std::string() : fmt::format(" WHERE r.project = {}", project_id)));
  std::map<std::string, std::set<SeriesId>> ends;  // report -> the series it is the newest of
  for (uint64_t row = 0; row < newest.row_count(); ++row) {
    ends[*newest.text(0, row)].insert(
        {static_cast<int32_t>(newest.int64(1, row)), static_cast<int32_t>(newest.int64(2, row)),
         static_cast<int32_t>(newest.int64(3, row)), static_cast<int32_t>(newest.int64(4, row))});
  }
  std::map<SeriesId, LatestVerdict> verdicts;
  for (const auto& [report_id, series] : ends) {
    const auto result = detect::check_report(connection, report_id);
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
