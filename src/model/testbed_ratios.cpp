#include "model/testbed_ratios.hpp"

#include <algorithm>
#include <cmath>

namespace perfwatch::model {

namespace {

// The weighted median of (value, weight) pairs, weights > 0.
double weighted_median(std::vector<std::pair<double, double>> pairs) {
  std::sort(pairs.begin(), pairs.end());
  double total = 0;
  for (const auto& [value, weight] : pairs) total += weight;
  double running = 0;
  for (const auto& [value, weight] : pairs) {
    running += weight;
    if (running >= total / 2) return value;
  }
  return pairs.back().first;
}

}  // namespace

TestbedRatios::TestbedRatios(const Matrix& matrix, const std::vector<char>& visible)
    : matrix_(matrix) {
  for (std::size_t cell = 0; cell < matrix.size(); ++cell) {
    if (!visible[cell]) continue;
    const Observation& o = matrix.cells()[cell];
    const auto [entry, added] =
        workload_index_.try_emplace({o.benchmark, o.group}, workloads_.size());
    if (added) workloads_.push_back({.benchmark = o.benchmark, .cells = {}, .columns = {}});
    const double log_value = std::log(o.value);
    workloads_[entry->second].cells.emplace_back(matrix.column_of(cell), o.x, log_value);
    values_[{matrix.column_of(cell), o.x}].push_back({entry->second, log_value});
  }
  for (auto& workload : workloads_) {
    for (const auto& [column, x, log_value] : workload.cells) workload.columns.push_back(column);
    std::sort(workload.columns.begin(), workload.columns.end());
    workload.columns.erase(std::unique(workload.columns.begin(), workload.columns.end()),
                           workload.columns.end());
  }
  for (auto& [at, values] : values_) {
    std::sort(values.begin(), values.end(),
              [](const Value& a, const Value& b) { return a.workload < b.workload; });
  }
}

const std::vector<TestbedRatios::Value>& TestbedRatios::values_at(std::size_t column,
                                                                  double x) const {
  static const std::vector<Value> none;
  const auto found = values_.find({column, x});
  return found == values_.end() ? none : found->second;
}

const std::vector<TestbedRatios::Analogue>& TestbedRatios::analogues(std::size_t workload,
                                                                     std::size_t column) const {
  const auto key = std::pair{workload, column};
  if (const auto found = analogues_.find(key); found != analogues_.end()) return found->second;
  // Per other workload and x, the differences of the two workloads' log values on each testbed
  // both measured (the target's testbed left out): their spread about their mean is how
  // differently the testbeds treat the two. Summed over x as squares about the mean and
  // degrees of freedom.
  const std::size_t count = workloads_.size();
  std::vector<double> squares(count, 0), freedom(count, 0);
  std::vector<double> sum(count, 0), sum_squares(count, 0);
  std::vector<std::size_t> seen(count, 0), touched;
  auto own = workloads_[workload].cells;
  std::sort(own.begin(), own.end(),
            [](const auto& a, const auto& b) { return std::get<1>(a) < std::get<1>(b); });
  for (std::size_t begin = 0; begin < own.size();) {
    std::size_t end = begin;
    while (end < own.size() && std::get<1>(own[end]) == std::get<1>(own[begin])) ++end;
    touched.clear();
    for (std::size_t k = begin; k < end; ++k) {
      const auto& [c, x, log_value] = own[k];
      if (c == column) continue;
      for (const Value& other : values_at(c, x)) {
        if (seen[other.workload]++ == 0) touched.push_back(other.workload);
        const double difference = log_value - other.log_value;
        sum[other.workload] += difference;
        sum_squares[other.workload] += difference * difference;
      }
    }
    for (std::size_t other : touched) {
      const auto n = static_cast<double>(seen[other]);
      squares[other] += sum_squares[other] - sum[other] * sum[other] / n;
      freedom[other] += n - 1;
      seen[other] = 0;
      sum[other] = sum_squares[other] = 0;
    }
    begin = end;
  }
  std::vector<Analogue> all;
  for (std::size_t other = 0; other < count; ++other) {
    // Only a workload measured on the target's testbed can say what it is worth.
    const auto& columns = workloads_[other].columns;
    if (other == workload || !std::binary_search(columns.begin(), columns.end(), column)) continue;
    double weight = unknown_similarity_weight;
    if (freedom[other] > 0) {
      const double distance = std::sqrt(std::max(0.0, squares[other]) / freedom[other]);
      weight = std::exp(-std::pow(distance / similarity_bandwidth, 2)) + compared_weight_floor;
    }
    if (workloads_[other].benchmark == workloads_[workload].benchmark) {
      weight *= same_benchmark_weight;
    }
    all.push_back({other, weight});
  }
  if (all.size() > max_analogues) {
    std::nth_element(all.begin(), all.begin() + max_analogues, all.end(),
                     [](const Analogue& a, const Analogue& b) {
                       return a.weight != b.weight ? a.weight > b.weight : a.workload < b.workload;
                     });
    all.resize(max_analogues);
  }
  std::sort(all.begin(), all.end(),
            [](const Analogue& a, const Analogue& b) { return a.workload < b.workload; });
  return analogues_.emplace(key, std::move(all)).first->second;
}

std::optional<double> TestbedRatios::estimate(const Observation& target) const {
  const auto workload = workload_index_.find({target.benchmark, target.group});
  const auto column = matrix_.find_column(target.testbed);
  if (workload == workload_index_.end() || !column) return std::nullopt;
  const std::vector<Value>& on_target = values_at(*column, target.x);
  double weighted = 0, total = 0;
  std::vector<std::pair<double, double>> ratios;
  for (const auto& [source, x, from] : workloads_[workload->second].cells) {
    if (source == *column || x != target.x) continue;
    // The analogues measured at x on both testbeds (all three lists in increasing workload).
    const std::vector<Value>& on_source = values_at(source, x);
    ratios.clear();
    double largest = 0;
    auto there = on_target.begin(), here = on_source.begin();
    for (const Analogue& analogue : analogues(workload->second, *column)) {
      const auto before = [](const Value& v, std::size_t w) { return v.workload < w; };
      there = std::lower_bound(there, on_target.end(), analogue.workload, before);
      here = std::lower_bound(here, on_source.end(), analogue.workload, before);
      if (there == on_target.end() || here == on_source.end()) break;
      if (there->workload != analogue.workload || here->workload != analogue.workload) continue;
      ratios.emplace_back(there->log_value - here->log_value, analogue.weight);
      largest = std::max(largest, analogue.weight);
    }
    if (ratios.empty()) continue;
    const double ratio = weighted_median(ratios);
    // The weighted spread of the ratios about their median, with one more analogue at
    // prior_spread of the largest weight.
    double spread = prior_spread, weight_sum = 1;
    for (const auto& [r, w] : ratios) {
      spread += w / largest * (r - ratio) * (r - ratio);
      weight_sum += w / largest;
    }
    spread /= weight_sum;
    weighted += (from + ratio) / spread;
    total += 1 / spread;
  }
  if (total == 0) return std::nullopt;
  return weighted / total;
}

}  // namespace perfwatch::model
