#include "detect/suite.hpp"

#include <algorithm>
#include <numeric>

namespace perfwatch::detect {

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  const auto count = p_values.size();
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> q_values(count, 1.0);
  double running_min = 1.0;
  for (std::size_t rank = count; rank > 0; --rank) {
    const auto index = order[rank - 1];
    running_min = std::min(
        running_min, p_values[index] * static_cast<double>(count) / static_cast<double>(rank));
    q_values[index] = running_min;
  }
  return q_values;
}

std::vector<double> control_false_discoveries(std::span<SeriesVerdict> verdicts, double rate) {
  std::vector<double> p_values;
  p_values.reserve(verdicts.size());
  for (const auto& verdict : verdicts) p_values.push_back(verdict.worse_p_value);
  auto q_values = benjamini_hochberg(p_values);
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    auto& verdict = verdicts[i];
    if (verdict.status == Status::red && verdict.decided_by_test && q_values[i] > rate) {
      verdict.status = Status::suspect;
      verdict.decided_by_test = false;
    }
  }
  return q_values;
}

}  // namespace perfwatch::detect
