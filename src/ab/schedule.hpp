// ab: the order in which the two sides run (see wilcoxon.hpp for what the folder owns).
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace perfwatch::ab {

enum class Side { base, candidate };

// The runs of `pairs` pairs in randomised, balanced order: blocks of two pairs, each ABBA or
// BAAB with equal chance (an odd last pair is AB or BA), so that a drift of the machine over a
// block weighs on both sides alike and neither side always runs first (Abedi & Brecht,
// "Conducting Repeatable Experiments in Highly Variable Cloud Computing Environments", ICPE
// 2017: randomised multiple interleaved trials). Runs 2i and 2i + 1 form pair i. `generator`
// carries on from one round to the next, so a seeded session is repeatable.
std::vector<Side> balanced_schedule(int pairs, std::mt19937_64& generator);

}  // namespace perfwatch::ab
