#include "ab/bisect.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "ab/adaptive.hpp"
#include "core/error.hpp"

namespace perfwatch::ab {
namespace {

// A simulated history: the benchmark's time at each commit is the product of the steps up to it;
// comparisons run the real adaptive sampler on simulated noisy runs.
struct History {
  std::vector<double> steps;  // steps[i]: factor commit i brings (steps[0] is GOOD's, 1)
  std::set<int> broken;
  std::mt19937_64 generator{7};
  int builds = 0;

  double time_at(int commit) const {
    double t = 100;
    for (int i = 0; i <= commit; ++i) t *= steps[static_cast<std::size_t>(i)];
    return t;
  }
  BisectHooks hooks() {
    BisectHooks hooks;
    hooks.build = [this](int commit) -> std::string {
      ++builds;
      return broken.contains(commit) ? "build failed" : "";
    };
    hooks.compare = [this](int base, int candidate) {
      const MeasureFn measure = [&](int, Side side) {
        std::normal_distribution<double> noise(0, 0.005);
        return Measurement{
            {time_at(side == Side::base ? base : candidate) * std::exp(noise(generator))}, ""};
      };
      const auto outcome = sample_adaptively({1}, measure, {})[0];
      return CommitComparison{outcome.verdict, outcome.summary, outcome.failure};
    };
    return hooks;
  }
};

History history_with(int commits, std::map<int, double> changes) {
  History h;
  h.steps.assign(static_cast<std::size_t>(commits), 1.0);
  for (auto [commit, factor] : changes) h.steps[static_cast<std::size_t>(commit)] = factor;
  return h;
}

TEST(Bisect, FindsTheCulpritWithinLogBuilds) {
  for (int culprit : {1, 17, 40, 63}) {
    History h = history_with(64, {{culprit, 1.05}});
    const auto result = bisect(64, h.hooks());
    EXPECT_EQ(result.answer, BisectAnswer::culprit) << culprit;
    EXPECT_EQ(result.last_bad, culprit);
    EXPECT_EQ(result.first_good, culprit - 1);
    EXPECT_LE(result.built.size(), 8u);  // log2(64) + 2
    ASSERT_TRUE(result.effect.summary);
    EXPECT_NEAR(result.effect.summary->ratio, 1.05, 0.01);
  }
}

TEST(Bisect, CleanRangeHasNoCulprit) {
  History h = history_with(64, {});
  const auto result = bisect(64, h.hooks());
  EXPECT_EQ(result.answer, BisectAnswer::no_culprit);
  EXPECT_EQ(result.built.size(), 2u);
}

TEST(Bisect, SkipsCommitsThatFailToBuild) {
  History h = history_with(16, {{11, 1.05}});
  h.broken = {7, 8};
  const auto result = bisect(16, h.hooks());
  EXPECT_EQ(result.answer, BisectAnswer::culprit);
  EXPECT_EQ(result.last_bad, 11);
  // The first middle (7) fails, then its neighbour 8; both are named.
  EXPECT_EQ(result.skipped, (std::vector<int>{7, 8}));
}

TEST(Bisect, CulpritNextToSkippedCommitsGivesARange) {
  // 7 and 8 untested: the change may be in 7, 8 or 9.
  History h = history_with(16, {{9, 1.05}});
  h.broken = {7, 8};
  const auto result = bisect(16, h.hooks());
  EXPECT_EQ(result.answer, BisectAnswer::range);
  EXPECT_EQ(result.first_good, 6);
  EXPECT_EQ(result.last_bad, 9);
  EXPECT_EQ(result.skipped, (std::vector<int>{7, 8}));
}

TEST(Bisect, BrokenCulpritGivesTheSmallestRange) {
  History h = history_with(16, {{9, 1.05}});
  h.broken = {9};
  const auto result = bisect(16, h.hooks());
  EXPECT_EQ(result.answer, BisectAnswer::range);
  EXPECT_EQ(result.first_good, 8);
  EXPECT_EQ(result.last_bad, 10);
  EXPECT_EQ(result.skipped, std::vector<int>{9});
}

TEST(Bisect, AdjacentCommitsSharingTheChangeGiveARange) {
  History h = history_with(32, {{12, 1.025}, {13, 1.025}});
  const auto result = bisect(32, h.hooks());
  EXPECT_EQ(result.answer, BisectAnswer::range);
  EXPECT_EQ(result.first_good, 11);
  EXPECT_EQ(result.last_bad, 13);
  ASSERT_TRUE(result.effect.summary);
  EXPECT_NEAR(result.effect.summary->ratio, 1.025 * 1.025, 0.01);
}

TEST(Bisect, BrokenEndsAreInputErrors) {
  History h = history_with(8, {});
  h.broken = {0};
  EXPECT_THROW(bisect(8, h.hooks()), InputError);
}

}  // namespace
}  // namespace perfwatch::ab
