// ab: bisection of a commit range by paired A/B verdicts (see wilcoxon.hpp for what the folder
// owns). Pure: building a commit and comparing two are functions the caller gives.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ab/paired.hpp"
#include "ab/verdict.hpp"

namespace perfwatch::ab {

// What comparing commit a (as base) with commit b (as candidate) said; failure when a run of
// either failed (the side that did not already serve as a reference is then skipped).
struct CommitComparison {
  Verdict verdict = Verdict::unknown;
  std::optional<PairedSummary> summary;
  std::string failure;
};

// Commits are indices 0 (GOOD) .. n - 1 (BAD) of the range in history order.
struct BisectHooks {
  std::function<std::string(int commit)> build;  // "" when built, else why not (cached by caller)
  std::function<CommitComparison(int base, int candidate)> compare;
  std::function<void(const std::string& line)> progress;  // one line per step
};

enum class BisectAnswer {
  culprit,     // one commit holds the change: compare(culprit - 1, culprit) is DIFFERENT
  range,       // the change lies in (first_good, last_bad]: skipped commits, or adjacent commits
               // that share it
  no_culprit,  // GOOD and BAD are not DIFFERENT (SAME, or UNKNOWN within the budget)
  no_single_culprit,  // GOOD and BAD differ, but no commit or range of commits holds the change
};
std::string_view to_string(BisectAnswer answer);

struct BisectResult {
  BisectAnswer answer = BisectAnswer::no_culprit;
  int first_good = 0;        // the last commit like GOOD
  int last_bad = 0;          // the commit the range ends at (the culprit for `culprit`)
  CommitComparison total;    // GOOD against BAD
  CommitComparison effect;   // across the answer: first_good against last_bad
  std::vector<int> skipped;  // commits that failed to build or run, ascending
  std::vector<int> built;    // commits built, in the order asked
};

// Binary search in the manner of git bisect, each step comparing the middle commit with GOOD: a
// DIFFERENT verdict in the direction of GOOD -> BAD makes it BAD-like, anything else GOOD-like,
// except UNKNOWN, where the estimate's side of half the total change decides. A commit that
// fails is skipped and the untested commit nearest the middle is tried instead. Then the
// answer: the range (first GOOD-like, first BAD-like] is widened upwards while its end still
// differs from BAD (adjacent commits sharing the change), comparing commits already built; one
// commit whose comparison with its parent is DIFFERENT is the culprit. Builds GOOD, BAD and one
// commit per step: log2(n) + 2 for n commits without skips.
BisectResult bisect(int commits, const BisectHooks& hooks);

}  // namespace perfwatch::ab
