// Speed of change-point detection on one long series: a full run over 10,000 points (target:
// under 100 ms), and keeping it current when one point is appended (update_change_points
// re-examines only the segment after the last change point).
//
//   change_point_speed_bench [--points=10000] [--runs=5]
#include <fmt/format.h>

#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "detect/change_points.hpp"

namespace {

// Gaussian noise of 2% around a level that steps by 5% every `points / 10` values.
std::vector<double> generate(std::size_t points) {
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(0.0, 0.02);
  std::vector<double> series(points);
  double level = 100;
  for (std::size_t i = 0; i < points; ++i) {
    if (i > 0 && i % (points / 10) == 0) level *= (i / (points / 10)) % 2 ? 1.05 : 0.95;
    series[i] = level * (1 + noise(random));
  }
  return series;
}

}  // namespace

int main(int argc, char** argv) try {
  perfwatch::bench::Flags flags(argc, argv);
  const auto points = flags.number("points", 10'000);
  const auto runs = flags.number("runs", 5);
  flags.reject_unknown("--points=N --runs=N");
  if (points < 100) throw std::runtime_error("--points: at least 100");
  const auto series = generate(points);
  const auto head = std::span(series).first(points - 1);
  using perfwatch::detect::ChangePointOptions;
  using perfwatch::detect::Significance;
  ChangePointOptions permutation;
  permutation.significance = Significance::permutation;
  permutation.max_p_value = 0.01;
  for (const auto& [name, options] :
       {std::pair{std::string("rank test (default)"), ChangePointOptions{}},
        std::pair{std::string("permutation(199)"), permutation}}) {
    std::vector<double> full, update;
    std::size_t found = 0;
    for (std::size_t run = 0; run < runs; ++run) {
      perfwatch::bench::Stopwatch stopwatch;
      const auto all = perfwatch::detect::find_change_points(series, options);
      full.push_back(stopwatch.seconds());
      found = all.size();
      const auto known = perfwatch::detect::find_change_points(head, options);
      stopwatch.restart();
      const auto updated = perfwatch::detect::update_change_points(series, known, options);
      update.push_back(stopwatch.seconds());
      if (updated.size() != all.size()) throw std::runtime_error("update disagrees with full run");
    }
    const auto full_spread = perfwatch::bench::spread(full);
    const auto update_spread = perfwatch::bench::spread(update);
    std::cout << fmt::format(
        "{}: {} points, {} change points (9 injected); full run min {:.2f} ms, median {:.2f} ms; "
        "one point appended min {:.3f} ms, median {:.3f} ms\n",
        name, points, found, full_spread.min * 1e3, full_spread.median * 1e3,
        update_spread.min * 1e3, update_spread.median * 1e3);
  }
  return 0;
} catch (const std::exception& error) {
  std::cerr << "change_point_speed_bench: " << error.what() << "\n";
  return 2;
}
