#include "cli/confirm_suspects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <utility>

#include "core/format.hpp"
#include "detect/confirm.hpp"
#include "detect/threshold.hpp"
#include "detect/verdict.hpp"
#include "runner/statistics.hpp"
#include "stats/descriptive.hpp"
#include "store/series.hpp"
#include "store/thresholds.hpp"
#include "store/tokens.hpp"

namespace perfwatch::cli {
namespace {

std::string key_of(const std::string& benchmark, const std::string& params,
                   const std::string& measure) {
  return benchmark + '\x1f' + params + '\x1f' + measure;
}

struct History {
  std::vector<double> values;  // oldest first
  Direction direction = Direction::unknown;
};

// The stored series of the context's project, branch and testbed, by key_of.
std::map<std::string, History> load_histories(db::Session& stored, const ReportContext& context) {
  std::map<std::string, History> histories;
  store::for_each_series(stored, ReportFilter{context.project, context.branch, context.testbed, ""},
                         "", "", [&](const store::StoredSeries& series) {
                           histories[key_of(series.benchmark, series.params, series.measure)] = {
                               series.values, series.direction};
                         });
  return histories;
}

// The first run of `metric` followed by the same metric in each of `reruns`.
std::vector<detect::Measurement> runs_of(const OwnedMetric& metric,
                                         std::span<const runner::InstanceResult> reruns) {
  std::vector<detect::Measurement> runs{{metric.value, metric.samples}};
  for (const auto& rerun : reruns) {
    const auto same = std::find_if(rerun.metrics.begin(), rerun.metrics.end(), [&](const auto& m) {
      return m.benchmark == metric.benchmark && m.params_json == metric.params_json &&
             m.measure.slug == metric.measure.slug;
    });
    if (same != rerun.metrics.end()) runs.push_back({same->value, same->samples});
  }
  return runs;
}

// Judges the metrics of one run result, with their re-runs, against the stored history.
class Judge {
 public:
  Judge(db::Session* stored, const ReportContext& context, const detect::DetectionConfig& config,
        double max_p_value)
      : context_(context), config_(config), max_p_value_(max_p_value) {
    if (stored == nullptr) return;
    histories_ = load_histories(*stored, context);
    if (store::project_id(*stored, context.project)) {
      chooser_.emplace(store::list_thresholds(*stored, context.project), config.thresholds);
    }
  }

  // The verdict on `metric` measured by `runs` (detect/confirm.hpp); unknown without history.
  detect::SeriesVerdict operator()(const OwnedMetric& metric,
                                   std::span<const detect::Measurement> runs) const {
    const auto found =
        histories_.find(key_of(metric.benchmark, metric.params_json, metric.measure.slug));
    if (found == histories_.end() || !chooser_) return {};
    const auto& history = found->second;
    detect::VerdictSettings settings;
    settings.max_p_value = max_p_value_;
    // The stored direction is the one history was kept under; a declaration wins over both.
    settings.direction = config_.directions.direction_of(
        metric.measure.slug,
        history.direction == Direction::unknown ? metric.measure.direction : history.direction);
    settings.noise_kind = detect::noise_kind_of_units(metric.measure.units);
    settings.threshold = chooser_->choose(context_.branch, context_.testbed, metric.measure.slug);
    const auto window = static_cast<std::size_t>(settings.threshold.window_reports);
    const std::span<const double> values(history.values);
    const auto recent = values.size() > window ? values.subspan(values.size() - window) : values;
    return detect::judge_runs(recent, runs, settings);
  }

 private:
  const ReportContext& context_;
  const detect::DetectionConfig& config_;
  double max_p_value_;
  std::map<std::string, History> histories_;
  std::optional<detect::ThresholdChooser> chooser_;
};

// The metrics of `result` that, with `reruns` added, still need confirmation (suspect or red),
// each with its text, "measure (+12.3% against 100 ns)".
using Unconfirmed = std::vector<std::pair<detect::Status, std::string>>;
Unconfirmed unconfirmed_of(const runner::InstanceResult& result,
                           std::span<const runner::InstanceResult> reruns, const Judge& judge) {
  Unconfirmed unconfirmed;
  if (result.failed()) return unconfirmed;
  for (const auto& metric : result.metrics) {
    const auto runs = runs_of(metric, reruns);
    const auto verdict = judge(metric, runs);
    if (!detect::needs_confirmation(verdict)) continue;
    std::string text = metric.measure.slug;
    if (verdict.baseline && *verdict.baseline != 0) {
      text += fmt::format(" ({:+.1f}% against {})",
                          (verdict.value - *verdict.baseline) / std::fabs(*verdict.baseline) * 100,
                          humanise(*verdict.baseline, metric.measure.units));
    }
    unconfirmed.emplace_back(verdict.status, std::move(text));
  }
  return unconfirmed;
}

// Replaces each metric of `result` by its pooled measurement with `reruns` (detect::pool_runs:
// every run's samples, valued at their median) and updates the statistics the run summary and
// the receipt show.
void pool_reruns(runner::InstanceResult& result, std::span<const runner::InstanceResult> reruns) {
  for (auto& metric : result.metrics) {
    const auto runs = runs_of(metric, reruns);
    if (runs.size() == 1) continue;
    auto pooled = detect::pool_runs(runs);
    metric.samples = std::move(pooled.samples);
    metric.value = pooled.value;
    metric.n = static_cast<int64_t>(metric.samples.size());
    const auto [low, high] = std::minmax_element(metric.samples.begin(), metric.samples.end());
    metric.lower = *low;
    metric.upper = *high;
    const auto summary = runner::summarise(metric.samples);
    if (!summary) continue;
    if (result.statistics.contains(metric.measure.slug)) {
      result.statistics[metric.measure.slug] = runner::to_json(*summary);
    }
    if (result.wall && metric.measure.slug == measures::latency.slug) result.wall = summary;
  }
  for (const auto& rerun : reruns) result.runs += rerun.runs;
}

// "suspect: a (+1%), b (+2%)", "red: ..." or "suspect or red: ...".
std::string describe(const Unconfirmed& unconfirmed) {
  const bool all_red = std::all_of(unconfirmed.begin(), unconfirmed.end(),
                                   [](const auto& u) { return u.first == detect::Status::red; });
  const bool any_red = std::any_of(unconfirmed.begin(), unconfirmed.end(),
                                   [](const auto& u) { return u.first == detect::Status::red; });
  std::vector<std::string> texts;
  for (const auto& u : unconfirmed) texts.push_back(u.second);
  return fmt::format("{}: {}",
                     all_red   ? "red"
                     : any_red ? "suspect or red"
                               : "suspect",
                     fmt::join(texts, ", "));
}

}  // namespace

std::vector<std::string> confirm_suspects(std::vector<runner::InstanceResult>& results,
                                          const std::vector<runner::Instance>& instances,
                                          runner::Executor& executor, db::Session* history,
                                          const ReportContext& context,
                                          const detect::DetectionConfig& config,
                                          const ConfirmSettings& settings) {
  const Judge judge(history, context, config, settings.max_p_value);
  const auto started = std::chrono::steady_clock::now();
  const auto within_budget = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() <
           settings.seconds;
  };
  std::vector<std::string> notes;
  for (auto& result : results) {
    std::vector<runner::InstanceResult> reruns;
    auto unconfirmed = unconfirmed_of(result, reruns, judge);
    if (unconfirmed.empty()) continue;
    const auto instance = std::find_if(instances.begin(), instances.end(),
                                       [&](const auto& i) { return i.id == result.id; });
    if (instance == instances.end()) continue;  // run_all returns one result per instance
    const auto first = fmt::format("{} was {}", result.id, describe(unconfirmed));
    std::string failed;
    while (!unconfirmed.empty() && std::cmp_less(reruns.size(), settings.max_reruns) &&
           within_budget()) {
      auto rerun = executor.run(*instance);
      if (rerun.failed()) {
        failed = rerun.failures.front().message;
        break;
      }
      reruns.push_back(std::move(rerun));
      unconfirmed = unconfirmed_of(result, reruns, judge);
    }
    pool_reruns(result, reruns);
    const auto count = reruns.size() + (failed.empty() ? 0 : 1);
    std::string outcome;
    if (!failed.empty()) {
      outcome = "a re-run failed (" + failed + "); its samples are those of the runs before it";
    } else if (count == 0) {
      outcome = "not re-run: the confirmation budget was spent";
    } else if (unconfirmed.empty()) {
      outcome =
          fmt::format("re-run {} time{}: no longer suspect or red with the re-runs' samples added",
                      count, count == 1 ? "" : "s");
    } else {
      outcome = fmt::format("re-run {} time{}: still {}", count, count == 1 ? "" : "s",
                            describe(unconfirmed));
    }
    notes.push_back("confirm-suspects: " + first + "; " + outcome);
  }
  return notes;
}

}  // namespace perfwatch::cli
