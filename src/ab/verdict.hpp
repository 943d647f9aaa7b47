// ab: the verdict on one benchmark's pairs (see wilcoxon.hpp for what the folder owns).
#pragma once

#include <optional>
#include <string_view>

#include "ab/paired.hpp"

namespace perfwatch::ab {

enum class Verdict { different, same, unknown };
std::string_view to_string(Verdict verdict);

struct VerdictOptions {
  double min_change = 0.01;  // a relative change smaller than this does not matter
};

// different: the signed-rank test rejects equality (p <= kLowThreshold) and the whole interval of
// the ratio lies beyond the minimum change on one side. same: the interval lies within the
// minimum change on both sides (whatever the test says, the change is too small to matter), or
// the p-value is above high_threshold(pairs, log(1 + min_change) / spread): the test could have
// seen the minimum change and did not (Pinpoint's rule). unknown: neither yet; more pairs decide.
Verdict decide(const PairedSummary& summary, const VerdictOptions& options = {});

}  // namespace perfwatch::ab
