// A check judges every metric of one report against the history of the same benchmark and
// measure on the same testbed with judge_series (verdict.hpp), under the threshold that applies
// (threshold.hpp), controls the false discoveries over the whole report (suite.hpp), checks the
// service-level objectives of perfwatch.toml (config.hpp), and says which alerts to raise and
// resolve. Pure: it judges histories held in memory, read by `perfwatch check` from the store
// (stored_check.hpp) or taken by the site from the history it draws (report/statuses.hpp).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/measure.hpp"
#include "detect/config.hpp"
#include "detect/threshold.hpp"
#include "detect/verdict.hpp"
#include "store/alerts.hpp"
#include "store/check_history.hpp"

namespace perfwatch::detect {

struct Verdict {
  int32_t benchmark_id = 0;
  int32_t measure_id = 0;
  std::string benchmark;
  std::string params;
  std::string measure;
  std::string units;
  Direction direction = Direction::lower_is_better;
  double value = 0;
  std::optional<double> baseline;
  std::optional<double> lower_limit;
  std::optional<double> upper_limit;
  std::size_t history_size = 0;   // earlier values the limits came from
  std::size_t since_change = 0;   // of which after the last step change in the window (0: none)
  std::size_t beyond_streak = 0;  // this and the consecutive earlier values beyond the limit
  std::optional<double> noise;    // the baseline's robust standard deviation
  double min_change = 0;          // the relative floor that applied
  std::optional<Step> step;       // for red, improved and suspect verdicts
  // The commits around the step: the last report at the old level and the first at the new.
  std::string step_after_commit, step_commit;
  double q_value = 1;  // the step's p after the suite's false-discovery control (suite.hpp)
  Threshold threshold;
  Status status = Status::unknown;

  // A red verdict whose new level has held `confirm` reports (or beyond the limit as many in a
  // row), not only the newest.
  bool is_step(std::size_t confirm) const {
    return status == Status::red && ((step && step->values >= confirm) || beyond_streak >= confirm);
  }
  // How sure a red or improved verdict is: 1 - its q value.
  double confidence() const { return 1 - q_value; }
  // "99.87% sure", or "> 99.99% sure" when q is below 0.0001.
  std::string sureness() const;

  // (value - baseline) / |baseline|, when there is a non-zero baseline.
  std::optional<double> change() const;
  // One line for people: what was measured against what.
  std::string describe() const;
};

// One objective applied to one metric of the report.
struct ObjectiveResult {
  int32_t benchmark_id = 0;
  int32_t measure_id = 0;
  std::string benchmark;
  std::string params;
  ServiceLevelObjective objective;
  double value = 0;  // in the objective's unit
  bool met = false;

  // (value - limit) / |limit|: positive is the good side for ">=", negative for "<=".
  double margin() const;
  // "parse: 205 MiB/s (SLO 80 MiB/s, +156%)"
  std::string describe() const;
};

struct CheckResult {
  std::string report_id;
  int64_t project_id = 0;
  std::string project;
  std::string branch;
  std::string history_branch;  // the branch whose history was the reference
  std::string testbed;
  std::string commit;
  std::vector<Verdict> verdicts;  // by benchmark, params, measure
  std::vector<ObjectiveResult> objectives;

  std::size_t count(Status status) const;
  std::size_t steps(std::size_t confirm) const;
  // Series of the report with no earlier value at all on this testbed and history branch.
  std::size_t without_history() const;
  std::size_t violations() const;
};

struct CheckSettings {
  // Reports in a row beyond a configured threshold's limit that make it red (VerdictSettings).
  std::size_t confirm = 2;
  // Benjamini-Hochberg level over the report's series (suite.hpp): the chance that a clean
  // commit turns red at all, whatever the number of series.
  double false_discovery_rate = 0.01;
  // Per-series level of the step tests (VerdictSettings::max_p_value): the default suits a
  // pipeline that re-runs suspects (run --confirm-suspects); 5e-5 where nothing can be re-run.
  double max_p_value = VerdictSettings{}.max_p_value;
};

// The verdicts of `report`'s metrics (by benchmark, params and measure) before they are judged:
// names, value, direction (config's declared directions apply; a measure whose direction stays
// unknown is undeclared, not judged) and the threshold `chooser` picks for the report's branch
// and testbed. A verdict's threshold.window_reports is how many earlier values judge_report reads.
CheckResult prepare_check(const store::CheckedReport& report,
                          std::vector<store::ReportMetric> metrics, const ThresholdChooser& chooser,
                          const DetectionConfig& config);

// Judges the verdicts of `result` (prepare_check's) against `earlier`: for each verdict, in the
// same order, the earlier values of its series on the report's history branch and testbed, oldest
// first, with their reports' starts and commits (more than the window may be given: the newest
// window_reports count, of those only the ones within window_seconds of `report_started_s`).
// Then controls the false discoveries over the report and checks config's objectives. Throws
// InputError when an objective's unit does not convert to its measure's.
void judge_report(CheckResult& result, double report_started_s,
                  std::span<const store::RecentValues> earlier, const DetectionConfig& config,
                  const CheckSettings& settings = {});

// What a check changes in the alerts: an alert to raise for each red verdict and violated
// objective, and, of `earlier_active` (the active alerts of earlier reports of the same branch
// and testbed), the ids of those whose benchmark and measure are back within the limit they broke.
struct AlertChanges {
  std::vector<store::NewAlert> raise;
  std::vector<int64_t> resolve;
};
AlertChanges alert_changes(const CheckResult& result,
                           const std::vector<store::EarlierAlert>& earlier_active);

}  // namespace perfwatch::detect
