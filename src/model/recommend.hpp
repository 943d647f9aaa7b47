// model: ranking testbeds for an objective ("latency <= 10 ms", or the highest throughput) by
// the cost of a unit of work, from measured or predicted values with their intervals.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace perfwatch::model {

enum class Goal { at_most, at_least, highest, lowest };

struct Option {
  std::string testbed, config;  // config: the other parameters, when they vary
  double value = 0;             // of the objective's measure, in its units
  double low = 0, high = 0;     // the prediction interval (the value itself when measured)
  bool predicted = false;
  bool extrapolated = false;
  std::string basis;                      // how a prediction was made (predictor.hpp's kind_name)
  std::optional<double> work_per_second;  // units of work per second, for the cost
  std::optional<double> cost_per_hour;
};

// meets: the value meets the bound; sure: the whole interval does (always, when measured).
struct Ranked {
  Option option;
  bool meets = true, sure = true;
  std::optional<double> cost_per_million;  // cost of 10^6 units of work
};

// For a bound (at_most, at_least): options meeting it first, those whose interval meets it, then
// those whose value does; within each, by cost per unit of work when every option has one, else
// by value (the better first); options that miss the bound come last, by value. For highest and
// lowest: by value, the better first.
std::vector<Ranked> rank_options(const std::vector<Option>& options, Goal goal, double bound);

}  // namespace perfwatch::model
