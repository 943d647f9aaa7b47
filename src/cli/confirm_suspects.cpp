#include "cli/confirm_suspects.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "core/format.hpp"
#include "detect/threshold.hpp"
#include "detect/verdict.hpp"
#include "runner/statistics.hpp"
#include "stats/descriptive.hpp"
#include "store/series.hpp"

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
std::map<std::string, History> load_histories(Database& database, const ReportContext& context) {
  std::map<std::string, History> histories;
  store::for_each_series(database.connection(),
                         ReportFilter{context.project, context.branch, context.testbed, ""}, "", "",
                         [&](const store::StoredSeries& series) {
                           histories[key_of(series.benchmark, series.params, series.measure)] = {
                               series.values, series.direction};
                         });
  return histories;
}

// Judges the metrics of one run result against the stored history.
class Judge {
 public:
  Judge(Database* database, const ReportContext& context, const detect::DetectionConfig& config)
      : context_(context), config_(config) {
    if (database == nullptr) return;
    histories_ = load_histories(*database, context);
    auto project = database->connection().query("SELECT id FROM project WHERE slug = " +
                                                sql_quote(context.project));
    if (project.row_count() > 0) {
      chooser_.emplace(store::list_thresholds(database->connection(), context.project),
                       config.thresholds);
    }
  }

  detect::SeriesVerdict operator()(const runner::OwnedMetric& metric) const {
    const auto found =
        histories_.find(key_of(metric.benchmark, metric.params_json, metric.measure.slug));
    if (found == histories_.end() || !chooser_) return {};
    const auto& history = found->second;
    detect::VerdictSettings settings;
    // The stored direction is the one history was kept under; a declaration wins over both.
    settings.direction = config_.directions.direction_of(
        metric.measure.slug,
        history.direction == Direction::unknown ? metric.measure.direction : history.direction);
    settings.noise_kind = detect::noise_kind_of_units(metric.measure.units);
    settings.threshold = chooser_->choose(context_.branch, context_.testbed, metric.measure.slug);
    const auto window = static_cast<std::size_t>(settings.threshold.window_reports);
    const std::span<const double> values(history.values);
    const auto recent = values.size() > window ? values.subspan(values.size() - window) : values;
    return detect::judge_series(recent, metric.value, metric.samples, settings);
  }

 private:
  const ReportContext& context_;
  const detect::DetectionConfig& config_;
  std::map<std::string, History> histories_;
  std::optional<detect::ThresholdChooser> chooser_;
};

// The suspect metrics of `result`, as "measure (+12.3% against 100 ns)".
std::vector<std::string> suspects_of(const runner::InstanceResult& result, const Judge& judge) {
  std::vector<std::string> suspects;
  if (result.failed()) return suspects;
  for (const auto& metric : result.metrics) {
    const auto verdict = judge(metric);
    if (verdict.status != detect::Status::suspect) continue;
    std::string text = metric.measure.slug;
    if (verdict.baseline && *verdict.baseline != 0) {
      text += fmt::format(" ({:+.1f}% against {})",
                          (verdict.value - *verdict.baseline) / std::fabs(*verdict.baseline) * 100,
                          humanise(*verdict.baseline, metric.measure.units));
    }
    suspects.push_back(std::move(text));
  }
  return suspects;
}

std::vector<double> samples_or_value(const runner::OwnedMetric& metric) {
  return metric.samples.empty() ? std::vector<double>{metric.value} : metric.samples;
}

// Adds the samples of `rerun` to the metrics of `result` with the same key, and updates the
// statistics the run summary and the receipt show.
void add_samples(runner::InstanceResult& result, const runner::InstanceResult& rerun) {
  for (auto& metric : result.metrics) {
    const auto same = std::find_if(rerun.metrics.begin(), rerun.metrics.end(), [&](const auto& m) {
      return m.benchmark == metric.benchmark && m.params_json == metric.params_json &&
             m.measure.slug == metric.measure.slug;
    });
    if (same == rerun.metrics.end()) continue;
    auto samples = samples_or_value(metric);
    const auto added = samples_or_value(*same);
    samples.insert(samples.end(), added.begin(), added.end());
    metric.samples = std::move(samples);
    metric.n = static_cast<int64_t>(metric.samples.size());
    metric.value = *stats::median(metric.samples);
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
  result.runs += rerun.runs;
}

}  // namespace

std::vector<std::string> confirm_suspects(std::vector<runner::InstanceResult>& results,
                                          const std::vector<runner::Instance>& instances,
                                          runner::Executor& executor, Database* database,
                                          const ReportContext& context,
                                          const detect::DetectionConfig& config,
                                          const ConfirmBudget& budget) {
  const Judge judge(database, context, config);
  const auto started = std::chrono::steady_clock::now();
  const auto within_budget = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() <
           budget.seconds;
  };
  std::vector<std::string> notes;
  for (auto& result : results) {
    auto suspects = suspects_of(result, judge);
    if (suspects.empty()) continue;
    const auto instance = std::find_if(instances.begin(), instances.end(),
                                       [&](const auto& i) { return i.id == result.id; });
    if (instance == instances.end()) continue;  // run_all returns one result per instance
    const auto first = fmt::format("{} was suspect: {}", result.id, fmt::join(suspects, ", "));
    int reruns = 0;
    std::string failed;
    while (!suspects.empty() && reruns < budget.max_reruns && within_budget()) {
      const auto rerun = executor.run(*instance);
      ++reruns;
      if (rerun.failed()) {
        failed = rerun.failures.front().message;
        break;
      }
      add_samples(result, rerun);
      suspects = suspects_of(result, judge);
    }
    std::string outcome;
    if (!failed.empty()) {
      outcome = "its re-run failed (" + failed + "); its samples are those of the first run";
    } else if (reruns == 0) {
      outcome = "not re-run: the confirmation budget was spent";
    } else if (suspects.empty()) {
      outcome = fmt::format("re-run {} time{}: no longer suspect with the re-runs' samples added",
                            reruns, reruns == 1 ? "" : "s");
    } else {
      outcome = fmt::format("re-run {} time{}: still suspect: {}", reruns, reruns == 1 ? "" : "s",
                            fmt::join(suspects, ", "));
    }
    notes.push_back("confirm-suspects: " + first + "; " + outcome);
  }
  return notes;
}

}  // namespace perfwatch::cli
