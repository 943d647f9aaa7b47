#include "detect/check.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "core/error.hpp"
#include "core/format.hpp"
#include "detect/quantity.hpp"
#include "detect/suite.hpp"

namespace perfwatch::detect {
namespace {

uint64_t key_of(int32_t benchmark, int32_t measure) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(benchmark)) << 32) |
         static_cast<uint32_t>(measure);
}

// Judges `verdict` against `window` (oldest first) whose reports had `commits`, into the
// verdict's fields; returns the judgement for suite-level control.
SeriesVerdict judge(Verdict& verdict, std::span<const double> window,
                    std::span<const std::string> commits, const CheckSettings& settings) {
  VerdictSettings verdict_settings;
  verdict_settings.direction = verdict.direction;
  verdict_settings.noise_kind = noise_kind_of_units(verdict.units);
  verdict_settings.threshold = verdict.threshold;
  verdict_settings.confirm = settings.confirm;
  verdict_settings.max_p_value = settings.max_p_value;
  const auto judged = judge_series(window, verdict.value, {}, verdict_settings);
  verdict.status = judged.status;
  verdict.baseline = judged.baseline;
  verdict.lower_limit = judged.lower_limit;
  verdict.upper_limit = judged.upper_limit;
  verdict.history_size = judged.history_size;
  verdict.since_change = judged.since_change;
  verdict.beyond_streak = judged.beyond_streak;
  verdict.noise = judged.noise;
  verdict.min_change = judged.min_change;
  verdict.step = judged.step;
  if (judged.step && judged.step->first_index <= commits.size()) {
    const auto first = judged.step->first_index;
    verdict.step_after_commit = first > 0 ? commits[first - 1] : std::string();
    verdict.step_commit = first < commits.size() ? commits[first] : std::string();
  }
  return judged;
}

}  // namespace

std::optional<double> Verdict::change() const {
  if (!baseline || *baseline == 0) return std::nullopt;
  return (value - *baseline) / std::fabs(*baseline);
}

std::string Verdict::describe() const {
  if (status == Status::undeclared) {
    return fmt::format("{} {}: which way is better is not declared; not judged", measure,
                       humanise(value, units));
  }
  if (status == Status::unknown) {
    return fmt::format("{} {}: {} earlier values, {} needed", measure, humanise(value, units),
                       history_size, threshold.min_sample_size);
  }
  const bool lower_is_better = direction == Direction::lower_is_better;
  const auto limit = lower_is_better ? upper_limit : lower_limit;
  std::string text = fmt::format("{} {} against baseline {}", measure, humanise(value, units),
                                 humanise(*baseline, units));
  if (const auto delta = change()) text += fmt::format(" ({:+.1f}%)", *delta * 100);
  if (limit) {
    text += fmt::format(", {} limit {} ({} over {} reports)", lower_is_better ? "upper" : "lower",
                        humanise(*limit, units), threshold.test, history_size);
  }
  if (step && (status == Status::red || status == Status::improved)) {
    text += fmt::format("; step of {:+.1f}% over {} reports", step->change() * 100, step->values);
    if (!step_commit.empty()) {
      text += " from commit " +
              (step_after_commit.empty() ? std::string("?") : step_after_commit.substr(0, 12)) +
              ".." + step_commit.substr(0, 12);
    }
    text += ", " + sureness();
  }
  return text;
}

std::string Verdict::sureness() const {
  if (q_value < 1e-4) return "> 99.99% sure";
  return fmt::format("{:.2f}% sure", confidence() * 100);
}

std::size_t CheckResult::count(Status status) const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(), [&](const Verdict& v) { return v.status == status; }));
}

std::size_t CheckResult::steps(std::size_t confirm) const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(), [&](const Verdict& v) { return v.is_step(confirm); }));
}

std::size_t CheckResult::without_history() const {
  return static_cast<std::size_t>(std::count_if(
      verdicts.begin(), verdicts.end(),
      [](const Verdict& v) { return v.status == Status::unknown && v.history_size == 0; }));
}

std::size_t CheckResult::violations() const {
  return static_cast<std::size_t>(std::count_if(objectives.begin(), objectives.end(),
                                                [](const ObjectiveResult& o) { return !o.met; }));
}

double ObjectiveResult::margin() const {
  return objective.limit == 0 ? 0 : (value - objective.limit) / std::fabs(objective.limit);
}

std::string ObjectiveResult::describe() const {
  const auto unit = objective.unit.empty() ? std::string() : " " + objective.unit;
  return fmt::format("{}{}: {}{} (SLO {} {}{}, {:+.0f}%){}", benchmark,
                     params == "{}" ? "" : " " + params, three_digits(value), unit,
                     objective.at_least ? ">=" : "<=", three_digits(objective.limit), unit,
                     margin() * 100, met ? "" : " VIOLATED");
}

namespace {

// Applies every objective to the report's metrics it names.
std::vector<ObjectiveResult> apply_objectives(const std::vector<ServiceLevelObjective>& objectives,
                                              const std::vector<Verdict>& verdicts) {
  std::vector<ObjectiveResult> results;
  for (const auto& objective : objectives) {
    for (const auto& verdict : verdicts) {
      if (verdict.measure != objective.measure ||
          fnmatch(objective.benchmark.c_str(), verdict.benchmark.c_str(), 0) != 0) {
        continue;
      }
      const auto factor = unit_factor(objective.unit, verdict.units);
      if (!factor) {
        throw InputError(fmt::format("{}: '{}' does not convert to {}, the units of measure {}",
                                     objective.origin, objective.unit, verdict.units,
                                     verdict.measure));
      }
      ObjectiveResult result{verdict.benchmark_id,
                             verdict.measure_id,
                             verdict.benchmark,
                             verdict.params,
                             objective,
                             verdict.value / *factor,
                             false};
      result.met =
          objective.at_least ? result.value >= objective.limit : result.value <= objective.limit;
      results.push_back(std::move(result));
    }
  }
  return results;
}

}  // namespace

CheckResult prepare_check(const store::CheckedReport& report,
                          std::vector<store::ReportMetric> metrics, const ThresholdChooser& chooser,
                          const DetectionConfig& config) {
  CheckResult result{report.id,
                     report.project_id,
                     report.project,
                     report.branch,
                     report.history_branch,
                     report.testbed,
                     report.commit,
                     {},
                     {}};
  result.verdicts.reserve(metrics.size());
  for (auto& metric : metrics) {
    Verdict verdict;
    verdict.benchmark_id = metric.benchmark_id;
    verdict.measure_id = metric.measure_id;
    verdict.benchmark = std::move(metric.benchmark);
    verdict.params = std::move(metric.params);
    verdict.measure = std::move(metric.measure);
    verdict.units = std::move(metric.units);
    verdict.direction =
        config.directions.direction_of(verdict.measure, *parse_direction(metric.direction));
    verdict.value = metric.value;
    verdict.threshold = chooser.choose(report.branch, report.testbed, verdict.measure);
    result.verdicts.push_back(std::move(verdict));
  }
  return result;
}

void judge_report(CheckResult& result, double report_started_s,
                  std::span<const store::RecentValues> earlier, const DetectionConfig& config,
                  const CheckSettings& settings) {
  if (earlier.size() != result.verdicts.size()) {
    throw std::logic_error("judge_report: one history per verdict is needed");
  }
  std::vector<SeriesVerdict> judged;
  judged.reserve(result.verdicts.size());
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    auto& verdict = result.verdicts[i];
    const auto& history = earlier[i];
    // Keep the newest window_reports values, and only those within window_seconds.
    std::size_t first =
        history.values.size() > static_cast<std::size_t>(verdict.threshold.window_reports)
            ? history.values.size() - verdict.threshold.window_reports
            : 0;
    if (const auto seconds = verdict.threshold.window_seconds) {
      while (first < history.started_s.size() &&
             history.started_s[first] < report_started_s - static_cast<double>(*seconds)) {
        ++first;
      }
    }
    auto commits = std::span(history.commits).subspan(first);
    judged.push_back(judge(verdict, std::span(history.values).subspan(first), commits, settings));
    // A step that starts at the newest value starts at this report's commit.
    if (verdict.step && verdict.step->first_index == commits.size()) {
      verdict.step_commit = result.commit;
    }
  }
  const auto q_values = control_false_discoveries(judged, settings.false_discovery_rate);
  for (std::size_t i = 0; i < result.verdicts.size(); ++i) {
    auto& verdict = result.verdicts[i];
    verdict.status = judged[i].status;
    verdict.q_value = q_values[i];
    // A rule (an exact history, a configured threshold) is not a test: it is sure by itself.
    if (verdict.status == Status::red && !judged[i].decided_by_test) verdict.q_value = 0;
  }
  result.objectives = apply_objectives(config.objectives, result.verdicts);
}

AlertChanges alert_changes(const CheckResult& result,
                           const std::vector<store::EarlierAlert>& earlier_active) {
  AlertChanges changes;
  for (const auto& verdict : result.verdicts) {
    if (verdict.status != Status::red) continue;
    changes.raise.push_back(
        {.benchmark_id = verdict.benchmark_id,
         .measure_id = verdict.measure_id,
         .kind = "regression",
         .threshold = verdict.threshold.id == 0 ? std::nullopt
                                                : std::optional<int64_t>(verdict.threshold.id),
         .value = verdict.value,
         .baseline = verdict.baseline,
         .limit = verdict.direction == Direction::lower_is_better ? verdict.upper_limit
                                                                  : verdict.lower_limit,
         .message = verdict.benchmark + ": " + verdict.describe()});
  }
  for (const auto& objective : result.objectives) {
    if (objective.met) continue;
    changes.raise.push_back({.benchmark_id = objective.benchmark_id,
                             .measure_id = objective.measure_id,
                             .kind = "slo",
                             .threshold = std::nullopt,
                             .value = objective.value,
                             .baseline = std::nullopt,
                             .limit = objective.objective.limit,
                             .message = objective.describe()});
  }

  // Active alerts of earlier reports of this branch and testbed: few, so judged here one by one.
  std::unordered_map<uint64_t, const Verdict*> verdict_of;
  for (const auto& verdict : result.verdicts) {
    verdict_of.emplace(key_of(verdict.benchmark_id, verdict.measure_id), &verdict);
  }
  for (const auto& alert : earlier_active) {
    const auto found = verdict_of.find(key_of(alert.benchmark_id, alert.measure_id));
    if (found == verdict_of.end() || !alert.limit) continue;
    const auto& verdict = *found->second;
    bool back = false;
    if (alert.kind == "slo") {
      const auto met = std::find_if(
          result.objectives.begin(), result.objectives.end(), [&](const ObjectiveResult& o) {
            return o.benchmark_id == verdict.benchmark_id && o.measure_id == verdict.measure_id;
          });
      back = met != result.objectives.end() && met->met;
    } else {
      // Back within the limit it broke: a spike that passed, or a step that was undone. A step
      // that stays is the new baseline but keeps its alert until someone handles it.
      back = verdict.direction == Direction::lower_is_better ? verdict.value <= *alert.limit
                                                             : verdict.value >= *alert.limit;
    }
    if (back) changes.resolve.push_back(alert.id);
  }
  return changes;
}

}  // namespace perfwatch::detect
