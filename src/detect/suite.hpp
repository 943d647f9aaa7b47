// Suite-level control: a report judges hundreds of series at once, and a per-series false-alarm
// rate times hundreds is a build that fails on most clean commits. The step tests' p values of
// one report are adjusted by Benjamini and Hochberg's procedure ("Controlling the false
// discovery rate", J. R. Stat. Soc. B 57, 1995): of the red verdicts, the expected share of
// false ones stays below the rate, and on a commit with no real regression the chance that any
// series turns red stays below it too, whatever the suite's size.
#pragma once

#include <span>
#include <vector>

#include "detect/verdict.hpp"

namespace perfwatch::detect {

// Benjamini-Hochberg adjusted p values (q values), in the order given: q_i = min over j with
// p_j >= p_i of p_j m / rank_j, at most 1.
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

// Sets q from the verdicts' worse_p_value and turns a red verdict that its step test decided
// into a suspect one when its q exceeds `rate`. Returns the q values, in the verdicts' order.
std::vector<double> control_false_discoveries(std::span<SeriesVerdict> verdicts, double rate);

}  // namespace perfwatch::detect
