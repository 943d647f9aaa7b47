#include "detect/stored_check.hpp"

#include "store/alerts.hpp"
#include "store/check_history.hpp"
#include "store/thresholds.hpp"

namespace perfwatch::detect {

CheckResult check_report(db::Session& session, const std::string& report_id,
                         const DetectionConfig& config, const CheckSettings& settings) {
  const auto report = store::load_checked_report(session, report_id);
  const ThresholdChooser chooser(store::list_thresholds(session, report.project),
                                 config.thresholds);
  auto result =
      prepare_check(report, store::load_report_metrics(session, report_id), chooser, config);
  std::vector<store::WantedSeries> wanted;
  wanted.reserve(result.verdicts.size());
  for (const auto& verdict : result.verdicts) {
    wanted.push_back({verdict.benchmark_id, verdict.measure_id, verdict.threshold.window_reports});
  }
  const auto earlier = store::load_recent_values(session, report, wanted);
  judge_report(result, report.started_s, earlier, config, settings);
  return result;
}

std::size_t store_alerts(db::Session& session, const CheckResult& result) {
  const auto changes =
      alert_changes(result, store::earlier_active_alerts(session, result.report_id));
  const auto created = store::add_alerts(session, result.report_id, changes.raise);
  store::resolve_alerts(session, changes.resolve);
  return created;
}

}  // namespace perfwatch::detect
