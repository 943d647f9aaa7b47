// The verdict (detect/check.hpp) of the newest value of each series: each report that holds
// the newest value of some series is checked against its history, as `perfwatch check` would,
// without storing alerts. The check reads the history the site has loaded (store/history.hpp)
// instead of querying the store again: the report's metrics are its points, the reference
// history is the series of the same benchmark and measure on its history branch and testbed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "detect/check.hpp"
#include "store/catalog.hpp"
#include "store/history.hpp"
#include "store/thresholds.hpp"

namespace perfwatch::report {

// (benchmark, measure, branch, testbed)
using SeriesId = std::tuple<int32_t, int32_t, int32_t, int32_t>;

struct LatestVerdict {
  std::string report_id;
  detect::Status status = detect::Status::unknown;
  std::optional<double> baseline, lower_limit, upper_limit;
};

// Checks of the reports of a loaded history, with the default settings, as detect::check_report
// gives them from the store. `history`, `catalog` (names, the branches' fork points, the
// measures' units and directions) and `thresholds` (store::list_thresholds of every project the
// history holds) must outlive it.
class HistoryChecks {
 public:
  HistoryChecks(const store::History& history, const store::Catalog& catalog,
                const std::vector<store::StoredThreshold>& thresholds);

  // The check of report `report_index` (an index into history.reports).
  detect::CheckResult check(std::size_t report_index, const detect::DetectionConfig& config) const;

 private:
  const store::History& history_;
  std::map<SeriesId, std::size_t> series_index_;
  std::map<int32_t, const store::CatalogProject*> projects_;
  std::map<int32_t, const store::CatalogBranch*> branches_;
  std::map<int32_t, const store::CatalogTestbed*> testbeds_;
  std::map<int32_t, const store::CatalogMeasure*> measures_;
  std::map<int32_t, const store::CatalogBenchmark*> benchmarks_;
  std::map<std::string, std::vector<store::StoredThreshold>> thresholds_;  // by project slug
};

// The verdict of the newest value of each series of the history, under config's thresholds first.
std::map<SeriesId, LatestVerdict> latest_verdicts(const store::History& history,
                                                  const HistoryChecks& checks,
                                                  const detect::DetectionConfig& config = {});

}  // namespace perfwatch::report
