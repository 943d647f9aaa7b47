// Shared by adapters whose harnesses repeat a benchmark (Google Benchmark repetitions, Go's
// -count): collects each repetition's value per benchmark and measure, in first-seen order, and
// hands each pair to a sink as one metric whose samples are the repetitions.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/metric.hpp"

namespace perfwatch {

// Hash for unordered maps keyed by std::string that are searched with string_views.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

class RepeatedRuns {
 public:
  // The values gathered for one benchmark.
  class Run {
   public:
    // Adds one repetition's value of measure.
    void add_sample(const Measure* measure, double value) { of(measure).samples.push_back(value); }
    // A mean the harness computed over n repetitions; used only when no repetition of that
    // measure was seen (outputs that hold aggregates only).
    void add_mean(const Measure* measure, double mean, int64_t n) {
      auto& values = of(measure);
      values.mean = mean;
      values.mean_n = n;
    }

   private:
    friend class RepeatedRuns;
    struct Values {
      const Measure* measure = nullptr;
      std::vector<double> samples;
      std::optional<double> mean;
      int64_t mean_n = 0;
    };
    Values& of(const Measure* measure);

    std::string name_;
    std::string params_json_;
    std::vector<Values> by_measure_;  // first-seen order; a handful of measures per run
  };

  // The run of (benchmark, params_json), created on first use. The reference stays valid.
  Run& run(std::string_view benchmark, std::string_view params_json = "{}");
  // One metric per (benchmark, measure): mean, min, max and samples of the repetitions, or the
  // harness's mean when only that was seen.
  void emit(MetricSink& sink) const;

 private:
  std::deque<Run> runs_;
  StringMap<Run*> by_key_;
  std::string key_;  // reused lookup buffer
};

// Measures an input names itself (user counters, custom metrics): created on first sight with
// the given units and direction, then shared by every metric of that name in the input.
class CustomMeasures {
 public:
  const Measure* get(std::string_view slug, std::string_view units, Direction direction);

 private:
  std::deque<Measure> measures_;  // stable addresses
  StringMap<const Measure*> by_slug_;
};

}  // namespace perfwatch
