// How well change-point detection finds injected step changes: series of `length` points with
// steps of +/- step_size (relative) at known places, on four kinds of noise of a given coefficient
// of variation, and as many series without any step. Prints, per noise and method setting: the
// recall of injected steps (a detection within `tolerance` points of a step finds it), false
// alarms per 1,000 points (detections that find no step), the mean and largest localisation
// error of the steps found, and the time taken.
//
//   detection_quality_bench [--series=40] [--length=1000] [--steps=5] [--cv-permille=20]
//                           [--step-permille=50] [--runs=1] [--mode=offline|online]
// --runs repeats each evaluation on the same series and keeps the fastest time; the detection
// figures do not change. Online mode also takes --max-p, --window, --max-tail, --longest-share
// and --rank-max-p (the step test's settings, verdict.hpp), --noises=A,B, --confirm-reruns=N
// and --print-misses=yes (each step not red within 3 commits and each false red of check alone,
// with what the verdict saw).
//
// --mode=online replays the series commit by commit through confirm_series (detect/confirm.hpp),
// twice on the same first runs: "check", without re-runs (judge_series, what `perfwatch check`
// alone does), and "confirmed", as the generated pipelines run it (`perfwatch run
// --confirm-suspects`: a suspect or red commit is re-run up to --confirm-reruns times (3), each
// re-run a fresh draw of the same commit, and its pooled median is what history keeps; its
// reruns% column is re-runs per 100 commits), over the newest --window earlier
// values (default: the default threshold's window, 100), and the suite-level control check
// applies (suite.hpp) over 200 clean series at once. It prints recall within K = 1, 3, 5, 10
// commits of each step (a red verdict d < K reports after the step's first report), red verdicts
// per 1,000 points away from any change (more than 40 reports after a step's first report or a
// drift's last; every red point counts; "episodes": runs of consecutive false
// reds counted once), falsely failing commits per 100 of a 200-series suite without steps, and
// the median delay; on the noises above plus "spiky" (Gaussian, 1 % of points +30-60 %) and
// "5 reps" (the mean of 5 repetitions per commit, each run offset by 1 % Gaussian and each
// repetition by 1 % more), for steps, gradual drifts (--drift-permille per commit over 20
// commits) and the ideal test of the issue (Gaussian noise of known size, mean of the 5 values
// after a step against the 30 before, one z test per point at 0.05 false alarms per 1,000
// points).
//
// Noise kinds, each scaled so that its standard deviation is cv times the level:
//   gaussian     1 + cv Z
//   log-normal   exp(s Z - s^2/2) with s^2 = ln(1 + cv^2): right-skewed, as timings are
//   student-t3   1 + cv T3 / sqrt(3): heavy tails, an outlier every few dozen points
//   rec:NAME     consecutive runs of a recording of real timings on this machine
//                (bench/data/noise_NAME.txt, see bench/data/README.md; --noise-files=A,B picks
//                others), in their recorded order so that drift and bursts stay, divided by the
//                recording's median and rescaled to robust spread cv (1.4826 MAD / median), its
//                outliers left as they are; a re-run takes the recording's next unused value.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "detect/change_points.hpp"
#include "detect/confirm.hpp"
#include "detect/suite.hpp"
#include "detect/verdict.hpp"
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
  double drift = 0.005;                        // per commit, online mode
  perfwatch::detect::VerdictSettings verdict;  // online mode: --max-p
  bool online = false;
  std::string only_noises;    // online mode: --noises=gaussian,spiky (default: all)
  bool print_misses = false;  // online mode: each step not red within 3 commits, and why
  // Online mode: re-runs per suspect or red commit in the confirmed replay, as the generated
  // pipelines' `perfwatch run --confirm-suspects` (3); 0 replays check alone only.
  std::size_t confirm_reruns = 3;
  std::vector<std::string> noise_files;  // recordings; default: every bench/data/noise_*.txt
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
    const auto positions =
        with_steps ? step_positions(settings, random) : std::vector<std::size_t>{};
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

// The online replay: what `perfwatch check` would say after each commit.
constexpr std::size_t kIdealBefore = 30;  // the ideal test: against the 30 values before
constexpr std::size_t kRecallMax = 30;    // the last recall column: within 30 commits
// A red this soon after a change's end is about it: check stays red while the change point is
// recent (VerdictSettings::recent_change_reports, 20), and the change point itself is
// established about 10 reports after the change.
constexpr std::size_t kAttribution = 40;
constexpr std::size_t kSuiteSeries = 200;  // series of the suite whose commits may fail
constexpr std::size_t kDriftCommits = 20;  // length of a gradual regression
constexpr std::size_t kIdealAfter = 5;     // the ideal test: 5 values after the change
constexpr double kIdealZ = 3.8906;         // Phi^-1(1 - 0.05 / 1000)
constexpr double kSuiteRate = 0.01;        // check's default --false-discovery-rate

struct OnlineTally {
  std::vector<std::size_t> delays;  // of the steps found, in commits after their first report
  std::size_t injected = 0, false_reds = 0, clean_points = 0;
  std::size_t false_episodes = 0;  // runs of consecutive false reds, each counted once
  std::size_t suite_commits = 0, suite_failing = 0;
  std::size_t ideal_found = 0, ideal_false = 0;
  std::size_t reruns = 0, judged = 0;  // the confirmed replay's re-runs, over commits judged
};

// check's window of earlier reports: the threshold's.
std::size_t window_of(const perfwatch::detect::VerdictSettings& settings) {
  return static_cast<std::size_t>(settings.threshold.window_reports);
}

// One series as CI meets it: the true level of each commit and a stream of noise factors; a
// commit's first run takes the next factor of `first` (one per commit, in order), each re-run the
// next unused factor of `rerun` (a fresh draw of the same commit: same level, new noise; for a
// recording, its next unused value).
struct Replay {
  std::vector<bool> red;       // at each index from the window on
  std::vector<double> stored;  // what the database holds for each commit after confirmation
  std::size_t reruns = 0;      // re-runs made
  std::size_t judged = 0;      // commits judged
};

// Judges each commit from the window on through detect::confirm_series (the logic of `perfwatch
// run --confirm-suspects`; with max_reruns 0, `perfwatch check` alone) against the stored values
// of the window before it, then stores its pooled value.
Replay replay(const std::vector<double>& levels, const std::vector<double>& first,
              const std::vector<double>& rerun, std::size_t max_reruns,
              const perfwatch::detect::VerdictSettings& verdict_settings) {
  Replay result;
  result.red.assign(levels.size(), false);
  result.stored.resize(levels.size());
  const auto window = window_of(verdict_settings);
  std::size_t next = 0;
  std::vector<perfwatch::detect::Measurement> runs;
  for (std::size_t t = 0; t < levels.size(); ++t) {
    result.stored[t] = levels[t] * first[t];
    if (t < window) continue;
    runs.assign(1, {result.stored[t], {}});
    for (std::size_t r = 0; r < max_reruns && next + r < rerun.size(); ++r) {
      runs.push_back({levels[t] * rerun[next + r], {}});
    }
    const auto confirmation = perfwatch::detect::confirm_series(
        std::span<const double>(result.stored).subspan(t - window, window), runs, max_reruns,
        verdict_settings);
    next += confirmation.reruns;  // unused draws stay for the next commit
    result.reruns += confirmation.reruns;
    ++result.judged;
    result.red[t] = confirmation.verdict.status == perfwatch::detect::Status::red;
    result.stored[t] = confirmation.pooled.value;
  }
  return result;
}

// The ideal test's alarm at t: the mean of the 5 values up to t against the 30 before, with
// the noise's true standard deviation `sigma` (relative, at level 100 before any change).
bool ideal_alarm(const std::vector<double>& series, std::size_t t, double sigma) {
  if (t + 1 < kIdealAfter + kIdealBefore) return false;
  double after = 0, before = 0;
  for (std::size_t i = t + 1 - kIdealAfter; i <= t; ++i) after += series[i];
  for (std::size_t i = t + 1 - kIdealAfter - kIdealBefore; i + kIdealAfter <= t; ++i)
    before += series[i];
  after /= kIdealAfter;
  before /= kIdealBefore;
  const double scale = sigma * before * std::sqrt(1.0 / kIdealAfter + 1.0 / kIdealBefore);
  return (after - before) / scale > kIdealZ;
}

// Why the step at `position` was not red within 3 commits: where it is, and what the verdict
// said on its third report.
void print_miss(const std::vector<double>& series, const std::vector<std::size_t>& positions,
                std::size_t position, const std::vector<bool>& red,
                const perfwatch::detect::VerdictSettings& verdict_settings) {
  constexpr std::size_t kWithin = 3;
  const auto last = position + kWithin - 1;
  if (last >= series.size()) return;
  for (std::size_t t = position; t <= last; ++t) {
    if (red[t]) return;
  }
  std::size_t previous = 0;
  for (const auto other : positions) {
    if (other < position) previous = other;
  }
  const auto window = window_of(verdict_settings);
  const auto verdict = perfwatch::detect::judge_series(
      std::span<const double>(series).subspan(last - window, window), series[last], {},
      verdict_settings);
  std::string tail;
  for (std::size_t t = position; t <= last; ++t) tail += fmt::format(" {:.1f}", series[t]);
  std::cout << fmt::format(
      "miss at {} ({} after the previous step): {} p {:.2g} baseline {:.2f} noise {:.3f} "
      "history {} since change {} floor {:.3f} step {} tail{}\n",
      position, previous ? position - previous : position,
      perfwatch::detect::to_string(verdict.status), verdict.worse_p_value,
      verdict.baseline.value_or(0), verdict.noise.value_or(0), verdict.history_size,
      verdict.since_change, verdict.min_change,
      verdict.step ? fmt::format("{:+.3f} over {}", verdict.step->change(), verdict.step->values)
                   : std::string("-"),
      tail);
}

// A red verdict away from any step: what the verdict saw.
void print_false_red(const std::vector<double>& series, std::size_t t,
                     const perfwatch::detect::VerdictSettings& verdict_settings) {
  const auto window = window_of(verdict_settings);
  const auto verdict = perfwatch::detect::judge_series(
      std::span<const double>(series).subspan(t - window, window), series[t], {}, verdict_settings);
  std::string tail;
  for (std::size_t i = t - 5; i <= t; ++i) {
    tail += fmt::format(" {:+.1f}",
                        (series[i] - verdict.baseline.value_or(0)) / verdict.noise.value_or(1));
  }
  std::cout << fmt::format(
      "false red at {}: p {:.2g} noise {:.3f} history {} since change {} step {:+.3f} over {}; "
      "last 6 in noise units{}\n",
      t, verdict.worse_p_value, verdict.noise.value_or(0), verdict.history_size,
      verdict.since_change, verdict.step ? verdict.step->change() : 0,
      verdict.step ? verdict.step->values : 0, tail);
}

// The first runs' factors and the re-runs' stream of one series: one draw of
// length * (1 + reruns) consecutive factors, so that a recording's re-runs take its values
// following the first runs'.
std::pair<std::vector<double>, std::vector<double>> draw_factors(const Noise& noise,
                                                                 std::size_t length,
                                                                 std::size_t reruns,
                                                                 std::mt19937_64& random) {
  auto all = noise(length * (1 + reruns), random);
  std::vector<double> rerun(all.begin() + static_cast<std::ptrdiff_t>(length), all.end());
  all.resize(length);
  return {std::move(all), std::move(rerun)};
}

// The tallies of check alone and of check after confirmation, on the same series and first runs.
struct OnlineTallies {
  OnlineTally check, confirmed;
};

// Scores one series' reds against its changes into `tally`.
void score_online(const std::vector<bool>& red, const std::vector<std::size_t>& positions,
                  std::size_t window, std::size_t attribution, OnlineTally& tally) {
  std::vector<bool> attributed(red.size(), false);
  for (const auto position : positions) {
    ++tally.injected;
    for (std::size_t t = position; t < std::min(red.size(), position + attribution); ++t) {
      attributed[t] = true;
    }
    for (std::size_t t = position; t < std::min(red.size(), position + kRecallMax); ++t) {
      if (red[t]) {
        tally.delays.push_back(t - position);
        break;
      }
    }
  }
  for (std::size_t t = window; t < red.size(); ++t) {
    if (attributed[t]) continue;
    ++tally.clean_points;
    if (red[t]) ++tally.false_reds;
    if (red[t] && !(red[t - 1] && !attributed[t - 1])) ++tally.false_episodes;
  }
}

// A suite of clean series judged together, commit by commit, with check's suite control after
// each series' confirmation (run --confirm-suspects judges series alone, check the report): its
// commits and failing commits into both tallies. The same for every change of a noise, so run
// once per noise.
void evaluate_suite(const Settings& settings, const Noise& noise, std::uint64_t seed,
                    OnlineTallies& tallies) {
  const auto window = window_of(settings.verdict);
  const auto reruns = settings.confirm_reruns;
  std::vector<std::size_t> modes{0};
  if (reruns > 0) modes.push_back(reruns);
  for (const auto mode_reruns : modes) {
    auto& suite_tally = mode_reruns == 0 ? tallies.check : tallies.confirmed;
    std::vector<std::vector<double>> first_factors, rerun_factors;
    std::mt19937_64 suite_random(seed + 7);  // the same suite for both modes
    for (std::size_t s = 0; s < kSuiteSeries; ++s) {
      auto [first, rerun] = draw_factors(noise, settings.length, reruns, suite_random);
      first_factors.push_back(std::move(first));
      rerun_factors.push_back(std::move(rerun));
    }
    std::vector<std::vector<double>> stored(kSuiteSeries, std::vector<double>(settings.length));
    std::vector<std::size_t> next(kSuiteSeries, 0);
    for (std::size_t t = 0; t < settings.length; ++t) {
      std::vector<perfwatch::detect::SeriesVerdict> verdicts;
      for (std::size_t s = 0; s < kSuiteSeries; ++s) {
        stored[s][t] = 100 * first_factors[s][t];
        if (t < window) continue;
        std::vector<perfwatch::detect::Measurement> runs{{stored[s][t], {}}};
        for (std::size_t r = 0; r < mode_reruns && next[s] + r < rerun_factors[s].size(); ++r) {
          runs.push_back({100 * rerun_factors[s][next[s] + r], {}});
        }
        const auto confirmation = perfwatch::detect::confirm_series(
            std::span<const double>(stored[s]).subspan(t - window, window), runs, mode_reruns,
            settings.verdict);
        next[s] += confirmation.reruns;
        stored[s][t] = confirmation.pooled.value;
        verdicts.push_back(confirmation.verdict);
      }
      if (t < window) continue;
      perfwatch::detect::control_false_discoveries(verdicts, kSuiteRate);
      ++suite_tally.suite_commits;
      if (std::any_of(verdicts.begin(), verdicts.end(), [](const auto& verdict) {
            return verdict.status == perfwatch::detect::Status::red;
          })) {
        ++suite_tally.suite_failing;
      }
    }
  }
}

OnlineTallies evaluate_online(const Settings& settings, const Noise& noise, double change,
                              bool drift, std::optional<double> ideal_sigma, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  OnlineTallies tallies;
  auto& tally = tallies.check;
  const auto window = window_of(settings.verdict);
  const auto reruns = settings.confirm_reruns;
  const auto attribution = kAttribution + (drift ? kDriftCommits : 0);
  for (std::size_t s = 0; s < 2 * settings.series; ++s) {
    const bool with_steps = s < settings.series;
    auto positions = with_steps ? step_positions(settings, random) : std::vector<std::size_t>{};
    for (auto& position : positions) position = std::max(position, window + 1);
    const auto [first, rerun] = draw_factors(noise, settings.length, reruns, random);
    std::vector<double> levels(settings.length);
    double level = 100;
    for (std::size_t i = 0, next = 0, ramp = 0; i < levels.size(); ++i) {
      if (next < positions.size() && positions[next] == i) {
        ramp = drift ? kDriftCommits : 1;
        ++next;
      }
      if (ramp > 0) {
        level *= 1 + change;  // up is worse, as for latencies
        --ramp;
      }
      levels[i] = level;
    }
    const auto alone = replay(levels, first, {}, 0, settings.verdict);
    score_online(alone.red, positions, window, attribution, tallies.check);
    if (reruns > 0) {
      const auto confirmed = replay(levels, first, rerun, reruns, settings.verdict);
      score_online(confirmed.red, positions, window, attribution, tallies.confirmed);
      tallies.confirmed.reruns += confirmed.reruns;
      tallies.confirmed.judged += confirmed.judged;
    }
    const auto& series = alone.stored;
    std::vector<bool> attributed(series.size(), false);
    for (const auto position : positions) {
      for (std::size_t t = position; t < std::min(series.size(), position + attribution); ++t) {
        attributed[t] = true;
      }
      if (settings.print_misses)
        print_miss(series, positions, position, alone.red, settings.verdict);
      if (ideal_sigma) {
        for (std::size_t t = position; t < position + kIdealAfter && t < series.size(); ++t) {
          if (ideal_alarm(series, t, *ideal_sigma)) {
            ++tally.ideal_found;
            break;
          }
        }
      }
    }
    for (std::size_t t = window; t < series.size(); ++t) {
      if (attributed[t]) continue;
      if (alone.red[t] && settings.print_misses) print_false_red(series, t, settings.verdict);
      if (ideal_sigma && ideal_alarm(series, t, *ideal_sigma)) ++tally.ideal_false;
    }
  }
  return tallies;
}

void print_online(const std::string& noise_name, const std::string& change_name,
                  const std::string& mode, const OnlineTally& tally, bool ideal) {
  const auto within = [&](std::size_t commits) {
    const auto found = std::count_if(tally.delays.begin(), tally.delays.end(),
                                     [&](std::size_t delay) { return delay < commits; });
    return 100.0 * static_cast<double>(found) / static_cast<double>(tally.injected);
  };
  auto delays = tally.delays;
  std::sort(delays.begin(), delays.end());
  const auto median_delay =
      delays.empty() ? std::string("-") : std::to_string(delays[delays.size() / 2]);
  std::cout << fmt::format(
      "{:<15} {:<14} {:<9} {:>6.1f}% {:>6.1f}% {:>6.1f}% {:>6.1f}% {:>6.1f}% {:>12.3f} {:>9.3f} "
      "{:>14.2f} {:>7} {:>8}\n",
      noise_name, change_name, mode, within(1), within(3), within(5), within(10),
      within(kRecallMax),
      1000.0 * static_cast<double>(tally.false_reds) / static_cast<double>(tally.clean_points),
      1000.0 * static_cast<double>(tally.false_episodes) / static_cast<double>(tally.clean_points),
      100.0 * static_cast<double>(tally.suite_failing) / static_cast<double>(tally.suite_commits),
      median_delay,
      tally.judged ? fmt::format("{:.2f}", 100.0 * static_cast<double>(tally.reruns) /
                                               static_cast<double>(tally.judged))
                   : std::string("-"));
  if (ideal) {
    std::cout << fmt::format(
        "{:<15} {:<14} {:<9} {:>22.1f}% {:>23.3f}   (ideal test: known sigma, 5 after vs 30 "
        "before)\n",
        noise_name, "", "ideal",
        100.0 * static_cast<double>(tally.ideal_found) / static_cast<double>(tally.injected),
        1000.0 * static_cast<double>(tally.ideal_false) / static_cast<double>(tally.clean_points));
  }
}

void run_online(const Settings& settings,
                const std::vector<std::pair<std::string, Noise>>& noises) {
  std::cout << fmt::format(
      "online: {} series of {} points with {} changes each, {} without; judged commit by commit "
      "over the newest {} values as perfwatch check does (max p {}); noise cv {:.1f}%\n\n",
      settings.series, settings.length, settings.steps, settings.series,
      window_of(settings.verdict), settings.verdict.max_p_value, settings.cv * 100);
  std::cout << fmt::format(
      "{:<15} {:<14} {:<9} {:>7} {:>7} {:>7} {:>7} {:>7} {:>12} {:>9} {:>14} {:>7} {:>8}\n",
      "noise", "change", "verdict", "K=1", "K=3", "K=5", "K=10", "K=30", "false/1000pt", "episodes",
      "fail/100 (200)", "delay", "reruns%");
  std::uint64_t seed = 100;
  for (const auto& [noise_name, noise] : noises) {
    ++seed;
    if (!settings.only_noises.empty() &&
        ("," + settings.only_noises + ",").find("," + noise_name + ",") == std::string::npos) {
      continue;
    }
    OnlineTallies suite;
    evaluate_suite(settings, noise, seed, suite);
    const auto print = [&](const std::string& change_name, OnlineTallies tallies, bool ideal) {
      for (auto* mode : {&tallies.check, &tallies.confirmed}) {
        const auto& from = mode == &tallies.check ? suite.check : suite.confirmed;
        mode->suite_commits = from.suite_commits;
        mode->suite_failing = from.suite_failing;
      }
      print_online(noise_name, change_name, "check", tallies.check, ideal);
      if (settings.confirm_reruns > 0) {
        print_online(noise_name, change_name, "confirmed", tallies.confirmed, false);
      }
    };
    for (const double step : {settings.step, 2 * settings.step}) {
      const bool ideal = noise_name == "gaussian" && step == settings.step;
      print(fmt::format("step +{:.0f}%", step * 100),
            evaluate_online(settings, noise, step, false,
                            ideal ? std::optional(settings.cv) : std::nullopt, seed),
            ideal);
    }
    print(fmt::format("drift {:.1f}%x{}", settings.drift * 100, kDriftCommits),
          evaluate_online(settings, noise, settings.drift, true, std::nullopt, seed), false);
  }
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
  settings.drift = static_cast<double>(flags.number("drift-permille", 5)) / 1000;
  const auto mode = flags.text("mode");
  if (!mode.empty() && mode != "online" && mode != "offline") {
    throw std::runtime_error("--mode: online or offline");
  }
  settings.online = mode == "online";
  if (const auto p = flags.text("max-p"); !p.empty()) settings.verdict.max_p_value = std::stod(p);
  settings.verdict.threshold.window_reports = static_cast<int64_t>(
      flags.number("window", static_cast<uint64_t>(settings.verdict.threshold.window_reports)));
  settings.verdict.max_tail = flags.number("max-tail", settings.verdict.max_tail);
  if (const auto p = flags.text("rank-max-p"); !p.empty()) {
    settings.verdict.rank_max_p_value = std::stod(p);
  }
  if (const auto share = flags.text("longest-share"); !share.empty()) {
    settings.verdict.longest_tail_share = std::stod(share);
  }
  if (const auto files = flags.text("noise-files"); !files.empty()) {
    for (std::size_t from = 0; from <= files.size();) {
      const auto comma = std::min(files.find(',', from), files.size());
      settings.noise_files.push_back(files.substr(from, comma - from));
      from = comma + 1;
    }
  } else {
    for (const char* name : {"sort_100k", "matmul_128", "alloc_10k", "hash_map_100k"}) {
      settings.noise_files.push_back(
          fmt::format("{}/bench/data/noise_{}.txt", PERFWATCH_SOURCE_DIR, name));
    }
  }
  settings.confirm_reruns = flags.number("confirm-reruns", settings.confirm_reruns);
  settings.only_noises = flags.text("noises");
  settings.print_misses = flags.text("print-misses") == "yes";
  flags.reject_unknown(
      "--series=N --length=N --steps=N --cv-permille=N --step-permille=N --runs=N "
      "--drift-permille=N --mode=online|offline --noise-files=A,B --max-p=P --noises=A,B "
      "--confirm-reruns=N "
      "--window=N --max-tail=N --longest-share=S --rank-max-p=P --print-misses=yes");
  if (settings.length < 4 * (settings.steps + 1)) throw std::runtime_error("--length: too short");
  return settings;
}

}  // namespace

int main(int argc, char** argv) try {
  const auto settings = parse(argc, argv);
  const double cv = settings.cv;
  const double log_sigma = std::sqrt(std::log1p(cv * cv));
  std::vector<std::pair<std::string, Noise>> noises = {
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
  };
  for (const auto& file : settings.noise_files) {
    // "rec:sort_100k" for bench/data/noise_sort_100k.txt
    auto name = std::filesystem::path(file).stem().string();
    if (name.starts_with("noise_")) name = name.substr(6);
    noises.emplace_back("rec:" + name, recorded_noise(read_recording(file), cv));
  }
  if (settings.online) {
    auto online_noises = noises;
    online_noises.insert(
        online_noises.begin() + 3,
        {"spiky", independent([cv](std::mt19937_64& random) {
           const double factor = 1 + cv * std::normal_distribution<double>()(random);
           const bool spike = std::uniform_real_distribution<double>()(random) < 0.01;
           return spike ? factor * (1 + std::uniform_real_distribution<double>(0.3, 0.6)(random))
                        : factor;
         })});
    online_noises.insert(online_noises.begin() + 4,
                         {"5 reps", independent([cv](std::mt19937_64& random) {
                            std::normal_distribution<double> half(0, cv / 2);
                            const double run = 1 + half(random);
                            double sum = 0;
                            for (int repetition = 0; repetition < 5; ++repetition) {
                              sum += run * (1 + half(random));
                            }
                            return sum / 5;
                          })});
    run_online(settings, online_noises);
    return 0;
  }
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
