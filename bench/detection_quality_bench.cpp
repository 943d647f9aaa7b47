// How well change-point detection finds injected step changes: series of `length` points with
// steps of +/- step_size (relative) at known places, on four kinds of noise of a given coefficient
// of variation, and as many series without any step. Prints, per noise and method setting: the
// recall of injected steps (a detection within `tolerance` points of a step finds it), false
// alarms per 1,000 points (detections that find no step), the mean and largest localisation
// error of the steps found, and the time taken.
//
//   detection_quality_bench [--series=40] [--length=1000] [--steps=5] [--cv-permille=20]
//                           [--step-permille=50] [--runs=1]
// --runs repeats each evaluation on the same series and keeps the fastest time; the detection
// figures do not change.
//
// Noise kinds, each scaled so that its standard deviation is cv times the level:
//   gaussian     1 + cv Z
//   log-normal   exp(s Z - s^2/2) with s^2 = ln(1 + cv^2): right-skewed, as timings are
//   student-t3   1 + cv T3 / sqrt(3): heavy tails, an outlier every few dozen points
//   recorded     consecutive runs of a recording of real timings on this machine (see
//                bench/data/README.md), in their recorded order so that drift and bursts stay,
//                divided by the recording's median and rescaled to robust spread cv
//                (1.4826 MAD / median), its outliers left as they are.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "detect/change_points.hpp"
#include "stats/descriptive.hpp"

namespace {

using perfwatch::detect::ChangePointOptions;
using perfwatch::detect::Significance;

struct Settings {
  std::size_t series = 40;  // with steps; as many again without
  std::size_t length = 1000;
  std::size_t steps = 5;  // per series with steps
  double cv = 0.02;
  double step = 0.05;
  std::size_t tolerance = 10;
  std::size_t runs = 1;
  std::string noise_file = PERFWATCH_SOURCE_DIR "/bench/data/noise_sort_100k.txt";
};

// Multiplicative noise factors, one per point of a series.
using Noise = std::function<std::vector<double>(std::size_t length, std::mt19937_64&)>;

std::vector<double> read_recording(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<double> values;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    values.push_back(std::stod(line));
  }
  if (values.size() < 100) throw std::runtime_error(path + ": fewer than 100 values");
  return values;
}

Noise recorded_noise(std::vector<double> recording, double cv) {
  const double median = *perfwatch::stats::median(recording);
  const double spread =
      *perfwatch::stats::median_absolute_deviation(recording, perfwatch::stats::MadScale::normal) /
      median;
  for (auto& value : recording) value = 1 + (value / median - 1) * cv / spread;
  return [recording](std::size_t length, std::mt19937_64& random) {
    std::vector<double> factors(length);
    const auto start = random() % recording.size();
    for (std::size_t i = 0; i < length; ++i) {
      factors[i] = recording[(start + i) % recording.size()];
    }
    return factors;
  };
}

template <typename Draw>
Noise independent(Draw draw) {
  return [draw](std::size_t length, std::mt19937_64& random) {
    std::vector<double> factors(length);
    for (auto& factor : factors) factor = draw(random);
    return factors;
  };
}

// Step positions: `count` places at least `gap` apart and from either end.
std::vector<std::size_t> step_positions(const Settings& settings, std::mt19937_64& random) {
  const std::size_t gap = settings.length / (settings.steps + 1) / 2;
  std::vector<std::size_t> positions;
  while (positions.size() < settings.steps) {
    const auto candidate = gap + random() % (settings.length - 2 * gap);
    if (std::all_of(positions.begin(), positions.end(), [&](std::size_t p) {
          return (p > candidate ? p - candidate : candidate - p) >= gap;
        })) {
      positions.push_back(candidate);
    }
  }
  std::sort(positions.begin(), positions.end());
  return positions;
}

struct Tally {
  std::size_t injected = 0, found = 0, false_alarms = 0, points = 0;
  double error_sum = 0;
  std::size_t error_max = 0;
  double seconds = 0;
};

// Matches detections to injected steps greedily by distance within the tolerance.
void score(const std::vector<std::size_t>& injected, const std::vector<std::size_t>& detected,
           std::size_t tolerance, Tally& tally) {
  std::vector<bool> used(detected.size(), false);
  for (const auto step : injected) {
    std::size_t best = detected.size(), best_distance = tolerance + 1;
    for (std::size_t i = 0; i < detected.size(); ++i) {
      const auto distance = detected[i] > step ? detected[i] - step : step - detected[i];
      if (!used[i] && distance < best_distance) {
        best = i;
        best_distance = distance;
      }
    }
    if (best == detected.size()) continue;
    used[best] = true;
    ++tally.found;
    tally.error_sum += static_cast<double>(best_distance);
    tally.error_max = std::max(tally.error_max, best_distance);
  }
  tally.injected += injected.size();
  tally.false_alarms += static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
}

Tally evaluate(const Settings& settings, const Noise& noise, const ChangePointOptions& options,
               std::uint64_t seed) {
  std::mt19937_64 random(seed);
  Tally tally;
  for (std::size_t s = 0; s < 2 * settings.series; ++s) {
    const bool with_steps = s < settings.series;
    const auto positions = with_steps ? step_positions(settings, random) : std::vector<std::size_t>{};
    auto series = noise(settings.length, random);
    double level = 100;
    for (std::size_t i = 0, next = 0; i < series.size(); ++i) {
      if (next < positions.size() && positions[next] == i) {
        level *= (random() & 1) ? 1 + settings.step : 1 - settings.step;
        ++next;
      }
      series[i] *= level;
    }
    perfwatch::bench::Stopwatch stopwatch;
    const auto points = perfwatch::detect::find_change_points(series, options);
    tally.seconds += stopwatch.seconds();
    std::vector<std::size_t> detected;
    for (const auto& point : points) detected.push_back(point.index);
    score(positions, detected, settings.tolerance, tally);
    tally.points += settings.length;
  }
  return tally;
}

Settings parse(int argc, char** argv) {
  perfwatch::bench::Flags flags(argc, argv);
  Settings settings;
  settings.series = flags.number("series", settings.series);
  settings.length = flags.number("length", settings.length);
  settings.steps = flags.number("steps", settings.steps);
  settings.cv = static_cast<double>(flags.number("cv-permille", 20)) / 1000;
  settings.step = static_cast<double>(flags.number("step-permille", 50)) / 1000;
  settings.runs = flags.number("runs", 1);
  flags.reject_unknown("--series=N --length=N --steps=N --cv-permille=N --step-permille=N --runs=N");
  if (settings.length < 4 * (settings.steps + 1)) throw std::runtime_error("--length: too short");
  return settings;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto settings = parse(argc, argv);
  const double cv = settings.cv;
  const double log_sigma = std::sqrt(std::log1p(cv * cv));
  const std::vector<std::pair<std::string, Noise>> noises = {
      {"gaussian", independent([cv](std::mt19937_64& random) {
         return 1 + cv * std::normal_distribution<double>()(random);
       })},
      {"log-normal", independent([log_sigma](std::mt19937_64& random) {
         return std::exp(log_sigma * std::normal_distribution<double>()(random) -
                         log_sigma * log_sigma / 2);
       })},
      {"student-t3", independent([cv](std::mt19937_64& random) {
         return 1 + cv * std::student_t_distribution<double>(3)(random) / std::sqrt(3.0);
       })},
      {"recorded", recorded_noise(read_recording(settings.noise_file), cv)},
  };
  std::vector<std::pair<std::string, ChangePointOptions>> methods;
  for (const double p : {0.001, 0.01}) {
    for (const std::size_t min_segment : {5, 10}) {
      ChangePointOptions options;
      options.max_p_value = p;
      options.min_segment = min_segment;
      methods.emplace_back(fmt::format("rank test p<{} seg>={}", p, min_segment), options);
    }
  }
  for (const double p : {0.01, 0.05}) {
    ChangePointOptions options;
    options.significance = Significance::permutation;
    options.max_p_value = p;
    options.permutations = 199;
    methods.emplace_back(fmt::format("permutation(199) p<{} seg>=5", p), options);
  }

  std::cout << fmt::format(
      "{} series of {} points with {} steps of +/-{:.0f}% each, {} without; noise cv {:.1f}%; "
      "a step is found by a detection within {} points\n\n",
      settings.series, settings.length, settings.steps, settings.step * 100, settings.series,
      cv * 100, settings.tolerance);
  std::cout << fmt::format("{:<11} {:<30} {:>7} {:>14} {:>10} {:>9} {:>9}\n", "noise", "method",
                           "recall", "false/1000pts", "mean err", "max err", "ms/series");
  std::uint64_t seed = 1;
  for (const auto& [noise_name, noise] : noises) {
    ++seed;
    for (const auto& [method_name, options] : methods) {
      // The same seed per noise: every method sees the same series.
      auto tally = evaluate(settings, noise, options, seed);
      for (std::size_t run = 1; run < settings.runs; ++run) {
        tally.seconds = std::min(tally.seconds, evaluate(settings, noise, options, seed).seconds);
      }
      std::cout << fmt::format(
          "{:<11} {:<30} {:>6.1f}% {:>14.2f} {:>10.2f} {:>9} {:>9.2f}\n", noise_name, method_name,
          100.0 * static_cast<double>(tally.found) / static_cast<double>(tally.injected),
          1000.0 * static_cast<double>(tally.false_alarms) / static_cast<double>(tally.points),
          tally.found ? tally.error_sum / static_cast<double>(tally.found) : 0.0, tally.error_max,
          1000 * tally.seconds / static_cast<double>(2 * settings.series));
    }
  }
  return 0;
} catch (const std::exception& error) {
  std::cerr << "detection_quality_bench: " << error.what() << "\n";
  return 2;
}
