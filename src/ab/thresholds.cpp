#include "ab/thresholds.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <random>
#include <utility>
#include <vector>

#include "ab/wilcoxon.hpp"
#include "stats/descriptive.hpp"

namespace perfwatch::ab {
namespace {

constexpr int kSimulations = 2000;
constexpr int kLargestN = 200;
constexpr double kPower = 0.99;

double simulate(int pairs, double magnitude) {
  std::mt19937_64 generator(0x9e3779b97f4a7c15ULL ^ (static_cast<std::uint64_t>(pairs) << 16) ^
                            static_cast<std::uint64_t>(magnitude * 10));
  std::normal_distribution<double> noise(magnitude, 1.0);
  std::vector<double> p_values, logs(static_cast<std::size_t>(pairs));
  p_values.reserve(kSimulations);
  for (int i = 0; i < kSimulations; ++i) {
    for (auto& value : logs) value = noise(generator);
    p_values.push_back(wilcoxon_signed_rank(logs).value_or(WilcoxonResult{}).p_value);
  }
  return *stats::quantile(p_values, kPower);
}

}  // namespace

double high_threshold(int pairs, double magnitude) {
  if (pairs < 1 || !(magnitude >= 0.1)) return 1.0;
  const int n = std::min(pairs, kLargestN);
  const int tenths = static_cast<int>(std::floor(std::min(magnitude, 4.0) * 10 + 1e-9));
  static std::mutex mutex;
  static std::map<std::pair<int, int>, double> known;
  std::lock_guard lock(mutex);
  auto [entry, added] = known.try_emplace({n, tenths}, 0.0);
  if (added) entry->second = simulate(n, tenths / 10.0);
  return entry->second;
}

}  // namespace perfwatch::ab
