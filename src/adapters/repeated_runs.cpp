#include "adapters/repeated_runs.hpp"

#include "adapters/sample_summary.hpp"

namespace perfwatch {

RepeatedRuns::Run::Values& RepeatedRuns::Run::of(const Measure* measure) {
  for (auto& values : by_measure_) {
    if (values.measure == measure) return values;
  }
  auto& values = by_measure_.emplace_back();
  values.measure = measure;
  return values;
}

RepeatedRuns::Run& RepeatedRuns::run(std::string_view benchmark, std::string_view params_json) {
  // '\n' cannot occur in a name read from one line nor in compact JSON params.
  key_.assign(benchmark).append(1, '\n').append(params_json);
  auto found = by_key_.find(key_);
  if (found != by_key_.end()) return *found->second;
  auto& created = runs_.emplace_back();
  created.name_ = benchmark;
  created.params_json_ = params_json;
  by_key_.emplace(key_, &created);
  return created;
}

void RepeatedRuns::emit(MetricSink& sink) const {
  for (const auto& run : runs_) {
    for (const auto& values : run.by_measure_) {
      MetricRecord metric;
      metric.benchmark = run.name_;
      metric.params_json = run.params_json_;
      metric.measure = values.measure;
      if (!values.samples.empty()) {
        summarise_samples(values.samples, metric);
      } else {
        metric.value = *values.mean;
        metric.n = values.mean_n;
      }
      sink.add(metric);
    }
  }
}

const Measure* CustomMeasures::get(std::string_view slug, std::string_view units,
                                   Direction direction) {
  auto found = by_slug_.find(slug);
  if (found != by_slug_.end()) return found->second;
  measures_.push_back(Measure{std::string(slug), std::string(units), direction});
  return by_slug_.emplace(std::string(slug), &measures_.back()).first->second;
}

}  // namespace perfwatch
