#include "ab/bisect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.hpp"

namespace perfwatch::ab {

std::string_view to_string(BisectAnswer answer) {
  switch (answer) {
    case BisectAnswer::culprit:
      return "culprit";
    case BisectAnswer::range:
      return "range";
    case BisectAnswer::no_culprit:
      return "no culprit";
    case BisectAnswer::no_single_culprit:
      return "no single culprit";
  }
  return "no culprit";
}

namespace {

double log_ratio(const CommitComparison& comparison) {
  return comparison.summary ? std::log(comparison.summary->ratio) : 0.0;
}

std::string describe(const CommitComparison& comparison) {
  if (!comparison.failure.empty()) return "failed: " + comparison.failure;
  if (!comparison.summary) return std::string(to_string(comparison.verdict));
  const auto& s = *comparison.summary;
  return fmt::format("{} {:+.2f}% [{:+.2f}%, {:+.2f}%], {} pairs, p={:.2g}",
                     to_string(comparison.verdict), (s.ratio - 1) * 100, (s.ratio_lower - 1) * 100,
                     (s.ratio_upper - 1) * 100, s.pairs, s.p_value);
}

class Search {
 public:
  Search(int commits, const BisectHooks& hooks) : n_(commits), hooks_(hooks) {}

  BisectResult run() {
    if (n_ < 2) throw InputError("bisect needs at least two commits (GOOD and BAD)");
    for (int end : {0, n_ - 1}) {
      if (auto why = build(end); !why.empty())
        throw InputError(
            fmt::format("{} cannot be built or run: {}", end == 0 ? "GOOD" : "BAD", why));
    }
    result_.total = compare(0, n_ - 1);
    if (!result_.total.failure.empty())
      throw InputError("GOOD against BAD failed: " + result_.total.failure);
    say(fmt::format("GOOD against BAD: {}", describe(result_.total)));
    result_.first_good = 0;
    result_.last_bad = n_ - 1;
    if (result_.total.verdict != Verdict::different) {
      result_.answer = BisectAnswer::no_culprit;
      result_.effect = result_.total;
      return finish();
    }
    direction_ = log_ratio(result_.total) > 0 ? 1 : -1;
    search();
    conclude();
    return finish();
  }

 private:
  std::string build(int commit) {
    if (std::find(result_.built.begin(), result_.built.end(), commit) == result_.built.end())
      result_.built.push_back(commit);
    return hooks_.build(commit);
  }
  CommitComparison compare(int base, int candidate) { return hooks_.compare(base, candidate); }
  void say(const std::string& line) const {
    if (hooks_.progress) hooks_.progress(line);
  }
  void skip(int commit, const std::string& why) {
    skipped_.insert(commit);
    say(fmt::format("commit {} skipped: {}", commit, why));
  }
  bool differs_towards_bad(const CommitComparison& c) const {
    return c.verdict == Verdict::different && log_ratio(c) * direction_ > 0;
  }

  // The untested, unskipped commit strictly inside (lo, hi) nearest its middle; -1 if none.
  int next_commit(int lo, int hi) const {
    const int middle = lo + (hi - lo) / 2;
    for (int offset = 0; offset < hi - lo; ++offset) {
      for (int candidate : {middle - offset, middle + offset + 1}) {
        if (candidate > lo && candidate < hi && !skipped_.contains(candidate)) return candidate;
      }
    }
    return -1;
  }

  void search() {
    lo_ = 0;
    hi_ = n_ - 1;
    bad_like_ = {n_ - 1};
    while (hi_ - lo_ > 1) {
      const int mid = next_commit(lo_, hi_);
      if (mid < 0) break;
      if (auto why = build(mid); !why.empty()) {
        skip(mid, why);
        continue;
      }
      const CommitComparison c = compare(0, mid);
      if (!c.failure.empty()) {
        skip(mid, c.failure);
        continue;
      }
      bool bad_like = differs_towards_bad(c);
      if (c.verdict == Verdict::unknown)
        bad_like = log_ratio(c) * direction_ > std::abs(log_ratio(result_.total)) / 2;
      say(fmt::format("commit {} against GOOD: {} -> {}", mid, describe(c),
                      bad_like ? "like BAD" : "like GOOD"));
      if (bad_like) {
        hi_ = mid;
        bad_like_.insert(mid);
      } else {
        lo_ = mid;
      }
    }
  }

  void conclude() {
    // Widen the end upwards while it still differs from BAD: later commits share the change.
    int end = hi_;
    for (auto it = bad_like_.find(hi_); *it != n_ - 1; ++it) {
      const CommitComparison rest = compare(*it, n_ - 1);
      say(fmt::format("commit {} against BAD: {}", *it, describe(rest)));
      if (!differs_towards_bad(rest)) break;
      end = *std::next(it);
    }
    result_.first_good = lo_;
    result_.last_bad = end;
    result_.effect = lo_ == 0 && end == n_ - 1 ? result_.total : compare(lo_, end);
    say(fmt::format("commit {} against commit {}: {}", lo_, end, describe(result_.effect)));
    if (!differs_towards_bad(result_.effect))
      result_.answer = BisectAnswer::no_single_culprit;
    else if (end - lo_ == 1)
      result_.answer = BisectAnswer::culprit;
    else
      result_.answer = BisectAnswer::range;
  }

  BisectResult finish() {
    result_.skipped.assign(skipped_.begin(), skipped_.end());
    return result_;
  }

  int n_;
  const BisectHooks& hooks_;
  BisectResult result_;
  std::set<int> skipped_, bad_like_;
  int lo_ = 0, hi_ = 0;
  int direction_ = 1;
};

}  // namespace

BisectResult bisect(int commits, const BisectHooks& hooks) { return Search(commits, hooks).run(); }

}  // namespace perfwatch::ab
