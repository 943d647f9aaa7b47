#include "ab/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "runner/executor.hpp"
#include "runner/progress.hpp"

namespace perfwatch::ab {
namespace fs = std::filesystem;

namespace {

runner::Instance shell_instance(const std::string& name, const std::string& command,
                                const std::string& adapter, const fs::path& cwd) {
  runner::Instance instance;
  instance.id = instance.benchmark = name;
  instance.spec.name = name;
  instance.spec.adapter = adapter;
  instance.command.argv = {"/bin/sh", "-c", command};
  instance.command.shell = true;
  instance.cwd = cwd;
  return instance;
}

runner::Instance moved_to(const runner::Instance& instance, const fs::path& repo,
                          const fs::path& tree) {
  runner::Instance moved = instance;
  moved.cwd = tree / fs::relative(instance.cwd, repo);
  return moved;
}

bool is_harness(const runner::Instance& instance) { return !instance.spec.adapter.empty(); }

std::string failure_text(const runner::InstanceResult& result) {
  if (result.failures.empty()) return "no values";
  const auto& failure = result.failures.front();
  return fmt::format("{} failed: {}", failure.phase, failure.message);
}

using MetricKey = std::tuple<std::string, std::string, std::string>;  // benchmark, params, slug

std::map<MetricKey, double> values_of(const runner::InstanceResult& result) {
  std::map<MetricKey, double> values;
  for (const auto& metric : result.metrics)
    values[{metric.benchmark, metric.params_json, metric.measure.slug}] = metric.value;
  return values;
}

}  // namespace

Unit command_unit(const std::string& name, const std::string& base_command,
                  const std::string& candidate_command, const std::string& adapter,
                  const fs::path& cwd) {
  return {name, shell_instance(name, base_command, adapter, cwd),
          shell_instance(name, candidate_command, adapter, cwd)};
}

std::vector<Unit> suite_units(const std::vector<runner::Instance>& instances,
                              const std::vector<std::string>& only, const fs::path& repo,
                              const fs::path& base_tree, const fs::path& candidate_tree) {
  std::vector<Unit> units;
  for (const auto& instance : instances) {
    if (!only.empty() && std::find(only.begin(), only.end(), instance.benchmark) == only.end() &&
        std::find(only.begin(), only.end(), instance.id) == only.end())
      continue;
    units.push_back({instance.id, moved_to(instance, repo, base_tree),
                     moved_to(instance, repo, candidate_tree)});
  }
  for (const auto& name : only) {
    const bool found = std::any_of(instances.begin(), instances.end(), [&](const auto& i) {
      return i.benchmark == name || i.id == name;
    });
    if (!found)
      throw InputError(fmt::format("--benchmark {}: the suite has no such benchmark", name));
  }
  return units;
}

PairedSession::PairedSession(std::vector<Unit> units, const Measure& timed)
    : units_(std::move(units)), timed_(timed) {
  runner::ExecutorOptions options;
  options.plan.warmup = 0;
  options.plan.min_runs = options.plan.max_runs = 1;
  options.sample_interval = std::chrono::milliseconds(0);
  progress_ = runner::make_progress(runner::ProgressStyle::quiet, std::cerr, false);
  executor_ = std::make_unique<runner::Executor>(options, *progress_);
}

PairedSession::~PairedSession() = default;

void PairedSession::warm_up() {
  series_.clear();
  for (std::size_t u = 0; u < units_.size(); ++u) {
    const auto& unit = units_[u];
    const auto base = executor_->run(unit.base);
    if (base.failed())
      throw InputError(fmt::format("{}: the base side's run {}", unit.name, failure_text(base)));
    const auto candidate = executor_->run(unit.candidate);
    if (candidate.failed())
      throw InputError(
          fmt::format("{}: the candidate side's run {}", unit.name, failure_text(candidate)));
    const int index = static_cast<int>(u);
    if (!is_harness(unit.base)) {
      series_.push_back({index, unit.name, unit.name, "{}", timed_});
      continue;
    }
    const auto theirs = values_of(candidate);
    for (const auto& metric : base.metrics) {
      if (!theirs.contains({metric.benchmark, metric.params_json, metric.measure.slug})) continue;
      if (!(metric.value > 0)) continue;  // log ratios need positive values
      const std::string params = metric.params_json == "{}" ? "" : " " + metric.params_json;
      series_.push_back({index,
                         fmt::format("{}{} {}", metric.benchmark, params, metric.measure.slug),
                         metric.benchmark, metric.params_json, metric.measure});
    }
  }
}

std::vector<int> PairedSession::series_per_unit() const {
  std::vector<int> counts(units_.size(), 0);
  for (const auto& s : series_) ++counts[static_cast<std::size_t>(s.unit)];
  return counts;
}

Measurement PairedSession::measure(int unit, Side side) {
  const auto& u = units_[static_cast<std::size_t>(unit)];
  const auto result = executor_->run(side == Side::base ? u.base : u.candidate);
  if (result.failed()) return {{}, failure_text(result)};
  const auto values = values_of(result);
  Measurement measurement;
  for (const auto& s : series_) {
    if (s.unit != unit) continue;
    const auto it = values.find({s.benchmark, s.params_json, s.measure.slug});
    if (it == values.end()) return {{}, s.name + " missing from a run"};
    measurement.values.push_back(it->second);
  }
  return measurement;
}

}  // namespace perfwatch::ab
