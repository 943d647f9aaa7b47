#include "model/recommend.hpp"

#include <algorithm>

namespace perfwatch::model {

std::vector<Ranked> rank_options(const std::vector<Option>& options, Goal goal, double bound) {
  std::vector<Ranked> ranked;
  bool every_cost = !options.empty();
  for (const Option& option : options) {
    Ranked r;
    r.option = option;
    if (goal == Goal::at_most) {
      r.meets = option.value <= bound;
      r.sure = option.high <= bound;
    } else if (goal == Goal::at_least) {
      r.meets = option.value >= bound;
      r.sure = option.low >= bound;
    }
    r.sure = r.sure && r.meets;
    if (option.cost_per_hour && option.work_per_second && *option.work_per_second > 0) {
      r.cost_per_million = *option.cost_per_hour / 3600 / *option.work_per_second * 1e6;
    }
    every_cost = every_cost && r.cost_per_million.has_value();
    ranked.push_back(r);
  }
  const bool bounded = goal == Goal::at_most || goal == Goal::at_least;
  const bool higher_better = goal == Goal::at_least || goal == Goal::highest;
  std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    const int a_tier = a.sure ? 0 : a.meets ? 1 : 2, b_tier = b.sure ? 0 : b.meets ? 1 : 2;
    if (a_tier != b_tier) return a_tier < b_tier;
    if (a_tier < 2 && every_cost && bounded) return *a.cost_per_million < *b.cost_per_million;
    return higher_better ? a.option.value > b.option.value : a.option.value < b.option.value;
  });
  return ranked;
}

}  // namespace perfwatch::model
