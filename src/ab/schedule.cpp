#include "ab/schedule.hpp"

#include <algorithm>

namespace perfwatch::ab {

std::vector<Side> balanced_schedule(int pairs, std::mt19937_64& generator) {
  std::vector<Side> runs;
  runs.reserve(static_cast<std::size_t>(std::max(pairs, 0)) * 2);
  std::bernoulli_distribution coin(0.5);
  const Side a = Side::base, b = Side::candidate;
  for (int left = pairs; left > 0; left -= 2) {
    const bool base_first = coin(generator);
    const Side first = base_first ? a : b, second = base_first ? b : a;
    runs.push_back(first);
    runs.push_back(second);
    if (left >= 2) {
      runs.push_back(second);
      runs.push_back(first);
    }
  }
  return runs;
}

}  // namespace perfwatch::ab
