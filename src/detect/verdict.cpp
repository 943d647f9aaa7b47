#include "detect/verdict.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <vector>

#include "detect/change_points.hpp"
#include "detect/robust_level.hpp"
#include "detect/trend.hpp"
#include "stats/bounds.hpp"
#include "stats/descriptive.hpp"
#include "stats/mann_whitney.hpp"

namespace perfwatch::detect {
namespace {

// How far towards the limit a value may go before it is yellow.
constexpr double kNearLimit = 0.8;
// A tail of three or more values is pulled in to this many noise deviations around its own
// median before its mean is taken: one spike inside it moves the mean by at most this over the
// tail's length, while a real step moves every value.
constexpr double kTailClip = 1.5;
// A tail with a value farther than this many noise deviations from the tail's median is not one
// level: spikes among normal values, not a step. At 3.5 one real 10 % step on 2 % noise in 80
// failed it on its third report (a first value 2.5 deviations low, the next 2 high:
// bench/detection_quality_bench --print-misses=yes); spikes of +30 % are 15 deviations away.
constexpr double kTailAgreement = 4.5;

// The limits the threshold's test draws from `baseline` with its boundary.
std::optional<stats::Limits> limits_of(const std::string& test, std::span<const double> baseline,
                                       double boundary) {
  if (test == "percentage") return stats::percentage_limits(baseline, boundary);
  if (test == "z_score") return stats::z_score_limits(baseline, boundary);
  if (test == "t_test") return stats::t_test_limits(baseline, boundary);
  if (test == "iqr") return stats::iqr_limits(baseline, boundary);
  if (test == "delta_iqr") return stats::delta_iqr_limits(baseline, boundary);
  if (test == "log_normal") return stats::log_normal_limits(baseline, boundary);
  return stats::static_limits(boundary, boundary);
}

// The index of the history's first value after its last change point when enough values
// follow it to judge by; else 0 (the whole window).
std::size_t baseline_begin(std::span<const ChangePoint> points, std::size_t size,
                           std::size_t enough) {
  if (points.empty() || size - points.back().index < enough) return 0;
  return points.back().index;
}

// The spread of values around their own level, outliers left out as robust_level does: the sum
// of squared deviations and its degrees of freedom, to be pooled with other segments'.
struct Spread {
  double squares = 0;
  double degrees = 0;
  Spread& operator+=(const Spread& other) {
    squares += other.squares;
    degrees += other.degrees;
    return *this;
  }
  double deviation() const { return degrees > 0 ? std::sqrt(squares / degrees) : 0; }
};

Spread spread_of(std::span<const double> values) {
  if (values.size() < 2) return {};
  const auto kept = without_outliers(values);
  const double mean = *stats::mean(kept);
  Spread spread{0, static_cast<double>(kept.size() - 1)};
  for (const double value : kept) spread.squares += (value - mean) * (value - mean);
  return spread;
}

// The noise of the levels before `begin`: each segment between change points about its own
// level, pooled. The baseline alone (after a recent change, or a short window) estimates the
// noise with few degrees of freedom, and a t test with few is weak: on 2 % Gaussian noise,
// bench/detection_quality_bench found 73 % of 5 % steps within 5 reports with a window of 30
// (29 degrees) at max p 3e-4, and 87 % with a window of 100 at the stricter 1e-4.
Spread prior_spread(std::span<const double> history, std::span<const ChangePoint> points,
                    std::size_t begin) {
  Spread spread;
  std::size_t from = 0;
  for (const auto& point : points) {
    if (point.index > begin) break;
    spread += spread_of(history.subspan(from, point.index - from));
    from = point.index;
  }
  return spread;
}

// +1 when higher values are worse, -1 when lower ones are: multiplying by it turns "worse" into
// "greater".
double worse_sign(Direction direction) {
  return direction == Direction::lower_is_better ? 1.0 : -1.0;
}

// Whether the values of a tail sit at one level, with `noise` as the baseline's.
bool tail_agrees(std::span<const double> tail, double noise) {
  const double median = *stats::median(tail);
  return std::all_of(tail.begin(), tail.end(), [&](double value) {
    return std::fabs(value - median) <= kTailAgreement * noise;
  });
}

// The level of a tail of values judged on side `sign` (+1: is it higher?, -1: lower?): for two
// values the one nearer the baseline (both must have moved), for more the mean after pulling
// them in around their median.
double tail_level(std::span<const double> tail, double noise, double sign) {
  if (tail.size() == 1) return tail[0];
  if (tail.size() == 2) return sign > 0 ? std::min(tail[0], tail[1]) : std::max(tail[0], tail[1]);
  const double median = *stats::median(tail);
  const double bound = kTailClip * noise;
  double sum = 0;
  for (const double value : tail) sum += median + std::clamp(value - median, -bound, bound);
  return sum / static_cast<double>(tail.size());
}

// One-sided p of Student's t statistic `t` with `degrees` degrees of freedom.
double upper_p(double t, double degrees) {
  if (std::isinf(t)) return t > 0 ? 0 : 1;
  return boost::math::cdf(boost::math::complement(boost::math::students_t(degrees), t));
}

// What each tail of `series` (history + newest) is judged against: the baseline from `begin` up
// to the tail, its level and the noise pooled with `prior`. One per tail length from min_values
// to max_tail whose baseline has at least `enough` values; computed once for both sides.
struct TailBaseline {
  std::size_t values = 0;  // of the tail
  std::size_t size = 0;    // of the baseline
  double level = 0;
  double noise = 0;
  double degrees = 0;
};

std::vector<TailBaseline> tail_baselines(std::span<const double> series, std::size_t begin,
                                         const Spread& prior, std::size_t min_values,
                                         std::size_t max_tail, std::size_t enough) {
  std::vector<TailBaseline> baselines;
  for (std::size_t values = min_values; values <= max_tail; ++values) {
    if (series.size() < begin + values + std::max<std::size_t>(enough, 2)) break;
    const auto baseline = series.subspan(begin, series.size() - values - begin);
    const auto level = robust_level(baseline);
    if (!level) return {};
    auto pooled = prior;
    pooled += spread_of(baseline);
    baselines.push_back({values, baseline.size(), level->level,
                         level->noise > 0 ? pooled.deviation() : 0, pooled.degrees});
  }
  return baselines;
}

// The share of the false-alarm rate of the tail at `position` among `tried` tails, shortest
// first: the longest gets `longest_share`, the others the rest equally. Weighted Bonferroni
// (reject where p <= share * alpha, the shares summing to 1) keeps the chance of any false
// rejection at most alpha, as the plain one does (Genovese, Roeder & Wasserman, "False discovery
// control with p-value weighting", Biometrika 2006, section 2).
double tail_share(std::size_t position, std::size_t tried, double longest_share) {
  if (tried == 1) return 1;
  if (position + 1 == tried) return longest_share;
  return (1 - longest_share) / static_cast<double>(tried - 1);
}

// One-sided p of a Mann-Whitney test that `tail` lies on side `sign` of `baseline`; 0 when even
// a tail above (below) every baseline value could not reach `level` (1 / C(n + k, k)): a short
// history is left to the t test.
double rank_p(std::span<const double> tail, std::span<const double> baseline, double sign,
              double level) {
  const double k = static_cast<double>(tail.size());
  const double n = static_cast<double>(baseline.size());
  const double log_smallest = std::lgamma(k + 1) + std::lgamma(n + 1) - std::lgamma(n + k + 1);
  if (log_smallest > std::log(level)) return 0;
  const auto test = stats::mann_whitney_u(tail, baseline);
  if (!test) return 1;
  const bool on_side =
      sign * (test->u1 - static_cast<double>(tail.size() * baseline.size()) / 2) > 0;
  return on_side ? test->p_value / 2 : 1 - test->p_value / 2;
}

// The most significant tail of `series` on side `sign` among `baselines`' tails, by p divided
// by the tail's share of the rate (its weighted-Bonferroni-adjusted p). A tail significant at
// `settings.max_p_value` must also pass the rank test at rank_max_p_value: its p is then the
// larger of the t test's and the rank test's scaled to the same level, which rejects no more
// often than the t test alone (the intersection of two tests).
std::optional<Step> best_tail(std::span<const double> series,
                              std::span<const TailBaseline> baselines, double sign,
                              const VerdictSettings& settings, double share) {
  std::optional<Step> best;
  for (std::size_t position = 0; position < baselines.size(); ++position) {
    const auto& baseline = baselines[position];
    const auto tail = series.subspan(series.size() - baseline.values);
    const double noise = baseline.noise;
    if (noise > 0 && !tail_agrees(tail, noise)) continue;
    const double after = tail_level(tail, noise, sign);
    const double shift = sign * (after - baseline.level);
    const double scale = noise * std::sqrt(1.0 / static_cast<double>(baseline.values) +
                                           1.0 / static_cast<double>(baseline.size));
    double p_value = 1;
    if (scale > 0) {
      p_value = upper_p(shift / scale, baseline.degrees);
    } else if (shift > 0) {
      p_value = 0;  // no noise at all: any move is certain
    }
    p_value = std::min(1.0, p_value / (share * tail_share(position, baselines.size(),
                                                          settings.longest_tail_share)));
    if (p_value <= settings.max_p_value && settings.rank_max_p_value < 1) {
      const auto before =
          series.subspan(series.size() - baseline.values - baseline.size, baseline.size);
      p_value = std::max(p_value, rank_p(tail, before, sign, settings.rank_max_p_value) *
                                      settings.max_p_value / settings.rank_max_p_value);
    }
    if (!best || p_value < best->p_value) {
      best = Step{series.size() - baseline.values, baseline.values, baseline.level, after, p_value};
    }
  }
  if (!best) return best;
  // A long tail can win with values of the old level in it (they are pulled in towards the
  // new one): the step starts at the first tail value nearer the new level than the old.
  while (best->values > 1) {
    const double first = series[best->first_index];
    if (std::fabs(first - best->after) <= std::fabs(first - best->before)) break;
    ++best->first_index;
    --best->values;
  }
  return best;
}

// The values since a recent change point of the history, tested as one tail against the level
// before that change point: the short tails above stop seeing a step once the change-point
// detector has made it the baseline (about ten reports after it), so a step whose first reports
// stayed just short of significance (or whose red a re-run took back) would become the new
// normal without ever being reported. Tested while the change point is at most
// recent_change_reports old, with `share` of the rate; none otherwise.
std::optional<Step> recent_change_tail(std::span<const double> series,
                                       std::span<const ChangePoint> points, std::size_t enough,
                                       double sign, const VerdictSettings& settings, double share) {
  if (points.empty()) return std::nullopt;
  const auto change = points.back().index;
  const auto values = series.size() - change;
  if (values <= settings.max_tail || values > settings.recent_change_reports) return std::nullopt;
  const std::size_t from = points.size() > 1 ? points[points.size() - 2].index : 0;
  const auto before = series.subspan(from, change - from);
  if (before.size() < std::max<std::size_t>(enough, 2)) return std::nullopt;
  const auto level = robust_level(before);
  if (!level) return std::nullopt;
  auto pooled = prior_spread(series.first(change), points, from);
  pooled += spread_of(before);
  const double noise = level->noise > 0 ? pooled.deviation() : 0;
  const auto tail = series.subspan(change);
  const double after = tail_level(tail, noise, sign);
  const double shift = sign * (after - level->level);
  const double scale = noise * std::sqrt(1.0 / static_cast<double>(values) +
                                         1.0 / static_cast<double>(before.size()));
  double p_value = scale > 0 ? upper_p(shift / scale, pooled.degrees) : (shift > 0 ? 0 : 1);
  p_value = std::min(1.0, p_value / share);
  if (p_value <= settings.max_p_value && settings.rank_max_p_value < 1) {
    p_value = std::max(p_value, rank_p(tail, before, sign, settings.rank_max_p_value) *
                                    settings.max_p_value / settings.rank_max_p_value);
  }
  return Step{change, values, level->level, after, p_value};
}

// The more significant of two candidate steps.
std::optional<Step> more_significant(std::optional<Step> a, std::optional<Step> b) {
  if (!a) return b;
  if (!b) return a;
  return b->p_value < a->p_value ? b : a;
}

// The most significant ramp of the newest short_ramp or long_ramp values of `series` on side
// `sign` against the baseline from `begin` up to it, as a gradual step with its p divided by its
// share of the rate (trend_share / 2 of max_p_value each).
std::optional<Step> steepest_ramp(std::span<const double> series, std::size_t begin,
                                  const Spread& prior, std::size_t enough, double sign,
                                  const VerdictSettings& settings) {
  if (settings.trend_share <= 0) return std::nullopt;
  std::optional<Step> best;
  for (const auto length : {settings.short_ramp, settings.long_ramp}) {
    const auto baselines = tail_baselines(series, begin, prior, length, length, enough);
    if (baselines.empty()) continue;
    const auto& baseline = baselines.front();
    const auto ramp = ramp_test(series.last(length), baseline.level, baseline.size, baseline.noise,
                                baseline.degrees, sign);
    if (!ramp) continue;
    double p_value = std::min(1.0, ramp->p_value / (settings.trend_share / 2));
    // As for a step's tail: the newer half of the ramp must also rank beyond its baseline, or
    // two or three wild values of heavy-tailed noise among old-level ones would make a ramp.
    if (p_value <= settings.max_p_value && settings.rank_max_p_value < 1) {
      const auto newer = series.last(length / 2);
      const auto before = series.subspan(series.size() - length - baseline.size, baseline.size);
      p_value = std::max(p_value, rank_p(newer, before, sign, settings.rank_max_p_value) *
                                      settings.max_p_value / settings.rank_max_p_value);
    }
    if (!best || p_value < best->p_value) {
      best = Step{series.size() - length, length, ramp->before, ramp->after, p_value, true};
    }
  }
  return best;
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::green:
      return "green";
    case Status::yellow:
      return "yellow";
    case Status::suspect:
      return "suspect";
    case Status::red:
      return "red";
    case Status::improved:
      return "improved";
    case Status::undeclared:
      return "undeclared";
    case Status::unknown:
      break;
  }
  return "unknown";
}

NoiseKind noise_kind_of_units(std::string_view units) {
  if (nanoseconds_per(units) || units.ends_with("/s")) return NoiseKind::timing;
  return NoiseKind::counted;
}

SeriesVerdict judge_series(std::span<const double> history, double newest,
                           std::span<const double> samples, const VerdictSettings& settings) {
  SeriesVerdict verdict;
  verdict.value = newest;
  if (settings.direction == Direction::unknown) {
    verdict.status = Status::undeclared;
    return verdict;
  }
  const auto& threshold = settings.threshold;
  const auto enough = static_cast<std::size_t>(std::max<int64_t>(threshold.min_sample_size, 1));
  if (!std::isfinite(newest) || !stats::all_finite(history)) return verdict;
  const auto points = find_change_points(history);
  const auto begin = baseline_begin(points, history.size(), enough);
  const auto baseline = history.subspan(begin);
  verdict.history_size = baseline.size();
  if (begin > 0) verdict.since_change = baseline.size();
  if (baseline.size() < enough) return verdict;
  const auto level = robust_level(baseline);
  if (!level) return verdict;
  verdict.baseline = level->level;
  // The noise: the baseline's own pooled with the earlier levels' of the window; none when the
  // baseline has no spread (an exact count stays exact whatever came before it).
  const auto prior = prior_spread(history, points, begin);
  auto pooled = prior;
  pooled += spread_of(baseline);
  const double noise = level->noise > 0 ? pooled.deviation() : 0;
  verdict.noise = noise;

  // The floor: configured, else from the noise; a timing without visible noise gets the floor
  // for unknown noise (or its own repetitions' spread, when that is larger).
  const double magnitude = std::fabs(level->level);
  const bool exact = level->noise == 0 && settings.noise_kind == NoiseKind::counted;
  if (threshold.min_change) {
    verdict.min_change = *threshold.min_change;
  } else if (exact) {
    verdict.min_change = 0;
  } else if (noise > 0) {
    verdict.min_change = magnitude > 0 ? settings.noise_floor * noise / magnitude : 0;
  } else {
    verdict.min_change = settings.min_change_without_noise;
    const auto spread = samples.size() >= 3 ? robust_level(samples) : std::nullopt;
    if (spread && magnitude > 0) {
      verdict.min_change =
          std::max(verdict.min_change, settings.noise_floor * spread->noise / magnitude);
    }
  }
  const double floor = verdict.min_change * magnitude;

  // The screen: the threshold's limits over the baseline, its outliers left out as for the level
  // (the first reports of a step must not widen the limit the next ones are judged by). A
  // history without spread gives none; then any move to a side is beyond it.
  const auto screened = without_outliers(baseline);
  const auto limit = [&](std::optional<double> boundary, bool upper) -> std::optional<double> {
    if (!boundary) return std::nullopt;
    if (threshold.test == "static") return *boundary;
    const auto limits = limits_of(threshold.test, screened, *boundary);
    if (!limits) return level->level;
    return upper ? limits->upper : limits->lower;
  };
  verdict.lower_limit = limit(threshold.lower_boundary, false);
  verdict.upper_limit = limit(threshold.upper_boundary, true);

  const double sign = worse_sign(settings.direction);
  const auto worse_limit = sign > 0 ? verdict.upper_limit : verdict.lower_limit;
  const auto better_limit = sign > 0 ? verdict.lower_limit : verdict.upper_limit;
  const auto worse_by = [&](double value, double than) { return sign * (value - than); };
  const double newest_shift = worse_by(newest, level->level);  // > 0: worse than the baseline

  if (worse_limit && worse_by(newest, *worse_limit) > 0) {
    verdict.beyond_streak = 1;
    for (auto earlier = history.rbegin();
         earlier != history.rend() && worse_by(*earlier, *worse_limit) > 0; ++earlier) {
      ++verdict.beyond_streak;
    }
  }

  std::vector<double> series(history.begin(), history.end());
  series.push_back(newest);
  const auto baselines =
      tail_baselines(series, begin, prior, settings.min_tail, settings.max_tail, enough);
  // A recent change point takes recent_change_share of the rate from the short tails.
  const std::span<const double> all(series);
  const bool recent = !points.empty() && series.size() - points.back().index > settings.max_tail &&
                      series.size() - points.back().index <= settings.recent_change_reports;
  const double short_share = recent ? 1 - settings.recent_change_share : 1;
  const auto worse = more_significant(
      best_tail(series, baselines, sign, settings, short_share),
      recent_change_tail(all, points, enough, sign, settings, settings.recent_change_share));
  const auto better = more_significant(
      best_tail(series, baselines, -sign, settings, short_share),
      recent_change_tail(all, points, enough, -sign, settings, settings.recent_change_share));
  const auto worse_ramp = steepest_ramp(all, begin, prior, enough, sign, settings);
  const auto better_ramp = steepest_ramp(all, begin, prior, enough, -sign, settings);
  if (worse) verdict.worse_p_value = worse->p_value;
  if (worse_ramp) verdict.worse_p_value = std::min(verdict.worse_p_value, worse_ramp->p_value);
  // A step is established when its tail is significant, at least the floor, and the newest
  // value still shows it (at least half the floor beyond the baseline). A threshold someone
  // configured is also the least change that matters: the new level must be beyond its limit.
  const bool configured = threshold.origin != "default";
  const auto established = [&](const std::optional<Step>& step, double side) {
    if (!step || step->p_value > settings.max_p_value) return false;
    const auto limit = side == sign ? worse_limit : better_limit;
    if (configured && limit && sign * side * worse_by(step->after, *limit) <= 0) return false;
    const double newest_moved = side * (newest - step->before);
    return side * (step->after - step->before) >= floor && newest_moved >= floor / 2 &&
           newest_moved > 0;
  };
  // A threshold someone configured keeps its word: `confirm` reports in a row beyond it are red.
  const bool configured_streak =
      configured && verdict.beyond_streak >= settings.confirm && newest_shift >= floor;
  const bool single_beyond = verdict.beyond_streak > 0 && newest_shift >= floor;
  // The step a rule decided: the newest value alone, or the run beyond a configured limit.
  const auto ruled_step = [&](std::size_t values) {
    return Step{series.size() - values, values, level->level, newest, exact ? 0.0 : 1.0};
  };

  if (established(worse, sign) && !exact) {
    verdict.status = Status::red;
    verdict.decided_by_test = true;
    verdict.step = worse;
  } else if (established(worse_ramp, sign) && !exact) {
    verdict.status = Status::red;
    verdict.decided_by_test = true;
    verdict.step = worse_ramp;
  } else if (configured_streak || (exact && newest_shift > 0)) {
    verdict.status = Status::red;
    verdict.step = ruled_step(exact ? 1 : verdict.beyond_streak);
  } else if (established(better, -sign) && !exact) {
    verdict.status = Status::improved;
    verdict.decided_by_test = true;
    verdict.step = better;
  } else if (established(better_ramp, -sign) && !exact) {
    verdict.status = Status::improved;
    verdict.decided_by_test = true;
    verdict.step = better_ramp;
  } else if ((exact && newest_shift < 0) ||
             (better_limit && worse_by(*better_limit, newest) > 0 && -newest_shift >= floor)) {
    verdict.status = Status::improved;
    verdict.step = ruled_step(1);
  } else if (single_beyond) {
    verdict.status = Status::suspect;
    verdict.step = ruled_step(1);
  } else {
    verdict.status = Status::green;
    if (worse_limit) {
      const double room = worse_by(*worse_limit, level->level);
      if (room > 0 && newest_shift > kNearLimit * room) verdict.status = Status::yellow;
    }
  }
  return verdict;
}

}  // namespace perfwatch::detect
