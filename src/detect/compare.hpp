// A/B comparison of two sets of results (two reports, files, branches or commits), benchmark by
// benchmark, in the manner of Go's benchstat: the centres of both sides, the change with a
// bootstrap confidence interval, a Mann-Whitney p-value, a verdict, and the geometric mean of
// the ratios per measure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/measure.hpp"
#include "detect/directions.hpp"
#include "store/report_lookup.hpp"

namespace perfwatch::detect {

// One series of one side: the value the harness reported and its raw samples, if any.
struct Series {
  std::string units;
  Direction direction = Direction::lower_is_better;
  double value = 0;
  std::vector<double> samples;
};
// (benchmark, params JSON, measure) -> series.
using SeriesKey = std::tuple<std::string, std::string, std::string>;
using ComparisonSide = std::map<SeriesKey, Series>;

// A stored report's metrics (store::load_sampled_metrics) as a comparison side.
ComparisonSide side_of(const std::vector<store::SampledMetric>& metrics);

// unsure: too few samples to test; undeclared: the measure's direction is unknown, so a change is
// neither better nor worse.
enum class Change { better, worse, same, unsure, undeclared };
std::string_view to_string(Change change);

struct ComparedSeries {
  SeriesKey key;
  std::string units;
  Direction direction = Direction::lower_is_better;
  double base = 0;  // median of the samples, else the reported value
  double candidate = 0;
  double ratio = 0;                                // candidate / base
  std::optional<double> ratio_lower, ratio_upper;  // 95 % bootstrap interval of the ratio
  std::optional<double> p_value;                   // Mann-Whitney U, two-sided
  Change change = Change::unsure;
};

struct Comparison {
  std::vector<ComparedSeries> series;  // those present on both sides, in key order
  std::vector<SeriesKey> only_base, only_candidate;
  // Geometric mean of candidate/base per measure over the series with positive values.
  std::map<std::string, double> geomean_ratio;

  // The measures of series left undeclared, in series order (a measure may repeat).
  std::vector<std::string> undeclared_measures() const;
};

struct CompareOptions {
  double alpha = 0.05;            // significance level of the U-test
  std::uint64_t seed = 1;         // of the bootstrap, so a comparison is reproducible
  DeclaredDirections directions;  // for measures whose harness does not state one
};

// A change is better or worse when the U-test rejects equality at alpha and the ratio's
// interval excludes 1; same when it does not; unsure without two samples on each side;
// undeclared, whatever the test says, when the measure's direction is neither stated (the
// candidate's) nor declared in `options`.
Comparison compare(const ComparisonSide& base, const ComparisonSide& candidate,
                   const CompareOptions& options = {});

}  // namespace perfwatch::detect
