// The verdict on the newest value of one series (a benchmark's measure on one branch and
// testbed): a pure function of the history, the new report's value (and its samples) and the
// settings, with no database. `perfwatch check` judges every series of a report through it,
// bench/detection_quality_bench replays histories commit by commit through it, and
// `perfwatch run --confirm-suspects` judges re-runs with it.
//
// How a verdict is made (docs/detection.md has the long form):
//  1. The baseline is the history after its last established change point (change_points.hpp),
//     so that a step that was reported once becomes the new normal.
//  2. Screen: the threshold's test (threshold.hpp) draws limits from the baseline. The newest
//     value beyond the worse limit with nothing behind it is "suspect", not red.
//  3. Step test: for each tail of the series ending with the newest value (min_tail to
//     max_tail values), the tail's robust mean against the baseline's, in units of the noise
//     pooled over every level of the window (each segment between change points about its own
//     mean, outliers left out); Student's t with the pooled degrees of freedom, weighted
//     Bonferroni over the tails (most of the rate to the longest tail).
//     A tail whose values agree with each other (none farther than a few noise deviations from the
//     tail's median: two spikes are not a step) with p at most max_p_value and a change at least
//     the minimum change, that also passes a one-sided Mann-Whitney test against its baseline
//     (ranks: heavy-tailed noise), is an established step: red when worse, improved when better.
//  4. Trend test (trend.hpp): when no step is established, the newest 10 and 20 values are
//     tested as a linear ramp away from the baseline; a significant one at least the minimum
//     change is a drift, red or improved as a step is.
//  5. A history without any spread is judged exactly when the measure is noise-free (counts):
//     any change is a step. A constant history of a timing tells nothing about its noise: the
//     minimum change without noise applies.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "core/measure.hpp"
#include "detect/threshold.hpp"

namespace perfwatch::detect {

// red: an established step to the worse side (fails CI); suspect: the newest value beyond the
// limit with nothing behind it yet (a spike, or the first report of a step: re-run or wait);
// yellow: within the limit but past 80 % of the way to it; improved: an established step, or a
// value beyond the limit, to the better side; unknown: too little history to judge;
// undeclared: the measure's direction is unknown (directions.hpp), so it is listed, not judged.
enum class Status { green, yellow, suspect, red, improved, unknown, undeclared };
std::string_view to_string(Status status);

// Whether a constant history says the measure has no noise (counts: judged exactly) or only
// that its noise was not seen (timings and rates: the minimum change without noise applies).
enum class NoiseKind { timing, counted };
// Time and per-second units are timings; everything else (count, bytes, B/op...) is counted.
NoiseKind noise_kind_of_units(std::string_view units);

struct VerdictSettings {
  Direction direction = Direction::lower_is_better;
  NoiseKind noise_kind = NoiseKind::timing;
  Threshold threshold = default_threshold();  // screen limits, minimum history
  // Reports in a row beyond a configured (non-default) threshold's limit that make it red.
  std::size_t confirm = 2;
  // Shortest run of newest values that can establish a step: with two, two spikes in a row
  // (one busy afternoon) would fail CI.
  std::size_t min_tail = 3;
  std::size_t max_tail = 5;  // longest run of newest values tested as a step
  // The share of max_p_value given to the longest tail tried; the shorter ones share the rest
  // equally (weighted Bonferroni: the false-alarm rate stays at most max_p_value). A 5 % step
  // on 2 % noise is only decidable from about 5 values, while the short tails are there for the
  // large steps, which they find at any rate: equal shares cost the long tail a third of its
  // rate for nothing.
  double longest_tail_share = 0.8;
  // A tail that passes the t test must also pass a one-sided Mann-Whitney test against its
  // baseline at this level: with heavy-tailed noise two or three wild values lift the tail's
  // mean while its other values sit at the old level, which ranks see.
  double rank_max_p_value = 1e-3;
  // Per series and report, before any suite-level correction; chosen for the figures after
  // confirmation (run --confirm-suspects, docs/detection.md): check alone makes more false reds.
  double max_p_value = 3e-4;
  // A change point of the history at most this many reports old (the newest included) is also
  // tested as one step: its values against the level before it, with this share of the rate
  // (the short tails get the rest). Without it a step the short tails missed, or whose red a
  // re-run took back, becomes the new normal unreported once the change point is established.
  std::size_t recent_change_reports = 20;
  double recent_change_share = 0.5;
  // Gradual regressions (trend.hpp): the newest short_ramp and long_ramp values are tested as a
  // ramp away from the baseline, each at trend_share / 2 of max_p_value on top of the step
  // tests' rate (0: no trend test). A drift is judged only when no step is established.
  std::size_t short_ramp = 10;
  std::size_t long_ramp = 20;
  double trend_share = 0.25;
  // Relative change below which nothing is red or improved: the threshold's min_change when
  // set, else noise_floor times the baseline's relative noise (at least min_change_without_noise
  // when the history has no spread and the measure is a timing).
  double noise_floor = 1.0;
  double min_change_without_noise = 0.02;
};

// One established (or suspected) step or drift: where it starts, how big, how sure.
struct Step {
  std::size_t first_index = 0;  // in history + newest: the first value of the new level
  std::size_t values = 0;       // values of the new level so far (the tail that was tested)
  double before = 0;            // the baseline level
  double after = 0;             // the new level
  double p_value = 1;           // one-sided, weighted-Bonferroni-corrected over the tails tried
  // A drift (trend.hpp): the values climb along a ramp from first_index on; `after` is the
  // fitted level at the newest value.
  bool gradual = false;
  double change() const { return before == 0 ? 0 : (after - before) / before; }
};

struct SeriesVerdict {
  Status status = Status::unknown;
  double value = 0;                   // the newest value judged (median of its samples if any)
  std::optional<double> baseline;     // the level it is judged against
  std::optional<double> lower_limit;  // the screen's limits
  std::optional<double> upper_limit;
  std::optional<double> noise;    // the baseline's robust standard deviation
  double min_change = 0;          // the floor that applied (relative)
  std::size_t history_size = 0;   // baseline values the verdict came from
  std::size_t since_change = 0;   // of which after an earlier change point (0: none)
  std::size_t beyond_streak = 0;  // this and the consecutive earlier values beyond the limit
  std::optional<Step> step;       // of a red, improved or suspect verdict
  // The p of the most significant worse tail, red or not: what suite-level control (suite.hpp)
  // ranks; 1 when none could be tested.
  double worse_p_value = 1;
  // Whether the step test decided the status (suite-level control may overrule it), rather than
  // an exact history or a configured threshold's streak.
  bool decided_by_test = false;
};

// Judges `newest` (the new report's value; `samples`, its repetitions when it has them, may be
// empty) against `history`, oldest first, the values of earlier reports already cut to the
// threshold's window. Non-finite values give unknown.
SeriesVerdict judge_series(std::span<const double> history, double newest,
                           std::span<const double> samples, const VerdictSettings& settings);

}  // namespace perfwatch::detect
