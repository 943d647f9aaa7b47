// judge_series on generated histories: every value is drawn here from a seeded generator, none
// is timed.
#include "detect/verdict.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "detect/suite.hpp"

namespace perfwatch::detect {
namespace {

// `count` values around `level` with Gaussian noise of relative spread `cv`.
std::vector<double> noisy(std::size_t count, double level, double cv, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, cv);
  std::vector<double> values(count);
  for (auto& value : values) value = level * (1 + normal(random));
  return values;
}

// Judges each value of `values` from index `from` on against the values before it, as check
// does commit by commit; returns the statuses.
std::vector<Status> replay(const std::vector<double>& values, std::size_t from,
                           const VerdictSettings& settings = {}, std::size_t window = 30) {
  std::vector<Status> statuses;
  for (std::size_t i = from; i < values.size(); ++i) {
    const auto begin = i > window ? i - window : 0;
    const std::span<const double> history(values.data() + begin, i - begin);
    statuses.push_back(judge_series(history, values[i], {}, settings).status);
  }
  return statuses;
}

TEST(Verdict, SpikeThenBackToNormalIsSuspectThenGreen) {
  auto values = noisy(30, 100, 0.02, 1);
  values.push_back(145);  // a busy neighbour
  values.push_back(100.5);
  const auto statuses = replay(values, 30);
  EXPECT_EQ(statuses[0], Status::suspect);
  EXPECT_EQ(statuses[1], Status::green);
}

TEST(Verdict, StepIsSuspectForTwoReportsThenRedWithItsSizeAndStart) {
  auto values = noisy(30, 100, 0.02, 2);
  const auto after = noisy(3, 130, 0.02, 3);
  values.insert(values.end(), after.begin(), after.end());
  const std::span<const double> all(values);
  EXPECT_EQ(judge_series(all.first(30), values[30], {}, {}).status, Status::suspect);
  EXPECT_EQ(judge_series(all.first(31), values[31], {}, {}).status, Status::suspect);
  const auto verdict = judge_series(all.first(32), values[32], {}, {});
  ASSERT_EQ(verdict.status, Status::red);
  ASSERT_TRUE(verdict.step);
  EXPECT_EQ(verdict.step->first_index, 30u);
  EXPECT_EQ(verdict.step->values, 3u);
  EXPECT_NEAR(verdict.step->change(), 0.30, 0.04);
  EXPECT_LT(verdict.step->p_value, VerdictSettings{}.max_p_value);
}

TEST(Verdict, TwoSpikesInARowAreNotAStep) {
  auto values = noisy(30, 100, 0.02, 13);
  values.push_back(145);
  values.push_back(98);
  values.push_back(150);
  const auto statuses = replay(values, 30);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), Status::red), 0);
}

TEST(Verdict, StepAfterASpikeIsStillFound) {
  auto values = noisy(30, 100, 0.02, 4);
  values[27] = 150;  // a spike three reports before the step
  const auto after = noisy(4, 110, 0.02, 5);
  values.insert(values.end(), after.begin(), after.end());
  const auto statuses = replay(values, 30);
  EXPECT_EQ(statuses.back(), Status::red);
}

// 1 % a commit at 2 % noise; bench/detection_quality_bench measures 0.5 % a commit, which is
// caught less often (docs/detection.md).
TEST(Verdict, GradualDriftIsCaughtWithinItsTwentyCommits) {
  auto values = noisy(30, 100, 0.02, 6);
  const auto noise = noisy(20, 1, 0.02, 7);
  for (std::size_t i = 0; i < 20; ++i) values.push_back(100 * (1 + 0.01 * (i + 1)) * noise[i]);
  const auto statuses = replay(values, 30);
  EXPECT_NE(std::find(statuses.begin(), statuses.end(), Status::red), statuses.end());
}

TEST(Verdict, BimodalBenchmarkStaysGreenInEitherMode) {
  std::mt19937_64 random(8);
  std::vector<double> values;
  for (int i = 0; i < 60; ++i)
    values.push_back((random() & 1 ? 100 : 112) * (1 + (random() % 100) / 10000.0));
  const auto statuses = replay(values, 30);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), Status::red), 0);
}

TEST(Verdict, ConstantTimingHistoryNeedsTheFloorForUnknownNoise) {
  const std::vector<double> history(6, 1000.0);
  EXPECT_EQ(judge_series(history, 1005, {}, {}).status, Status::green);  // +0.5 %
  const auto big = judge_series(history, 1300, {}, {});
  EXPECT_EQ(big.status, Status::suspect);  // one report: nothing behind it yet
  EXPECT_DOUBLE_EQ(big.min_change, VerdictSettings{}.min_change_without_noise);
  std::vector<double> thrice = history;
  thrice.push_back(1300);
  thrice.push_back(1302);
  EXPECT_EQ(judge_series(thrice, 1301, {}, {}).status, Status::red);
}

TEST(Verdict, ConstantCountIsJudgedExactly) {
  VerdictSettings counted;
  counted.noise_kind = NoiseKind::counted;
  const std::vector<double> history(6, 1'000'000.0);
  const auto one_more = judge_series(history, 1'000'001, {}, counted);
  EXPECT_EQ(one_more.status, Status::red);
  EXPECT_EQ(one_more.step->p_value, 0);
  EXPECT_EQ(judge_series(history, 999'999, {}, counted).status, Status::improved);
  EXPECT_EQ(judge_series(history, 1'000'000, {}, counted).status, Status::green);
  // A value whose mean over equal copies is not exact in floating point (a Google Benchmark
  // counter stored six times) is still a history without noise.
  const std::vector<double> inexact(6, 2608933791.4480395);
  const auto rate = judge_series(inexact, 2608933791.4480395 * 1.5, {}, counted);
  EXPECT_EQ(rate.noise, 0);
  EXPECT_EQ(rate.status, Status::red);
}

TEST(Verdict, TooLittleHistoryIsUnknown) {
  const std::vector<double> history = {100, 101, 99, 100};
  const auto verdict = judge_series(history, 200, {}, {});
  EXPECT_EQ(verdict.status, Status::unknown);
  EXPECT_EQ(verdict.history_size, 4u);
}

TEST(Verdict, ImprovementIsNeverRed) {
  auto values = noisy(30, 100, 0.02, 9);
  const auto after = noisy(3, 80, 0.02, 10);
  values.insert(values.end(), after.begin(), after.end());
  const auto statuses = replay(values, 30);
  EXPECT_EQ(statuses.back(), Status::improved);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), Status::red), 0);
  VerdictSettings higher;
  higher.direction = Direction::higher_is_better;
  EXPECT_EQ(replay(values, 30, higher).back(), Status::red);  // the same fall, of a throughput
}

TEST(Verdict, ChangeBelowTheConfiguredMinimumNeverFails) {
  auto values = noisy(30, 100, 0.002, 11);
  const auto after = noisy(5, 101, 0.002, 12);  // +1 %, fifty times the noise
  values.insert(values.end(), after.begin(), after.end());
  EXPECT_EQ(replay(values, 30).back(), Status::red);
  VerdictSettings settings;
  settings.threshold.min_change = 0.02;
  const auto statuses = replay(values, 30, settings);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), Status::red), 0);
}

// A 5 % step on 2 % noise, the hardest case: with the default window (100 reports) the
// noise is pooled over the whole history, and most steps are red by their fifth report. 20
// series; the bench measures the rate on thousands (docs/performance.md).
TEST(Verdict, FivePercentStepOnTwoPercentNoiseIsRedWithinFiveReports) {
  const auto window = static_cast<std::size_t>(VerdictSettings{}.threshold.window_reports);
  ASSERT_GE(window, 100u);
  int found = 0, false_reds = 0;
  for (std::uint64_t seed = 100; seed < 120; ++seed) {
    auto values = noisy(window + 5, 100, 0.02, seed);
    for (std::size_t i = window; i < values.size(); ++i) values[i] *= 1.05;
    const auto statuses = replay(values, window, {}, window);
    found += std::count(statuses.begin(), statuses.end(), Status::red) > 0;
    const auto clean = replay(noisy(window + 50, 100, 0.02, seed + 1000), window, {}, window);
    false_reds += static_cast<int>(std::count(clean.begin(), clean.end(), Status::red));
  }
  EXPECT_GE(found, 15);
  EXPECT_EQ(false_reds, 0);
}

// Weighted Bonferroni over the tails: the longest tail gets longest_tail_share of the rate, the
// shorter ones the rest. A step of five equal values that only the five-value tail can decide is
// 0.8 / (1/3) = 2.4 times as sure with the default share as with equal shares, and red at a
// max_p_value that equal shares would not reach.
TEST(Verdict, LongestTailGetsMostOfTheFalseAlarmRate) {
  std::vector<double> history;
  for (int i = 0; i < 96; ++i) history.push_back(i % 2 ? 102 : 98);  // noise 2, exactly
  for (int i = 0; i < 4; ++i) history.push_back(103.95);
  VerdictSettings weighted;
  VerdictSettings equal;
  equal.longest_tail_share = 1.0 / 3;
  const auto by_weighted = judge_series(history, 103.95, {}, weighted);
  const auto by_equal = judge_series(history, 103.95, {}, equal);
  // Only the five-value tail's p gives this ratio (a shorter tail's would give 0.1 / (1/3)).
  EXPECT_NEAR(by_equal.worse_p_value / by_weighted.worse_p_value, 2.4, 1e-6);
  weighted.max_p_value = equal.max_p_value = 1.5 * by_weighted.worse_p_value;
  const auto red = judge_series(history, 103.95, {}, weighted);
  EXPECT_EQ(red.status, Status::red);
  ASSERT_TRUE(red.step);
  EXPECT_EQ(red.step->values, 5u);
  EXPECT_NE(judge_series(history, 103.95, {}, equal).status, Status::red);
}

// Heavy-tailed noise: wild values alternating with values of the old level lift a tail's mean
// enough for the t test, but not its ranks: not a step. The same tail passes without the rank
// test.
TEST(Verdict, TailWithValuesAtTheOldLevelFailsTheRankTest) {
  std::vector<double> history;
  for (int i = 0; i < 96; ++i) history.push_back(i % 2 ? 102 : 98);  // noise 2
  for (const double value : {107.0, 100.5, 108.0, 99.5}) history.push_back(value);
  const double newest = 108.5;
  const auto judged = judge_series(history, newest, {}, {});
  EXPECT_NE(judged.status, Status::red);
  EXPECT_GT(judged.worse_p_value, VerdictSettings{}.max_p_value);
  VerdictSettings without_ranks;
  without_ranks.rank_max_p_value = 1;
  EXPECT_EQ(judge_series(history, newest, {}, without_ranks).status, Status::red);
  // Every value of the tail beyond every baseline value: the rank test agrees.
  history.end()[-3] = 107.5;  // was 100.5
  history.end()[-1] = 106.5;  // was 99.5
  EXPECT_EQ(judge_series(history, newest, {}, {}).status, Status::red);
}

// An earlier level of the window (before a change point) still tells the noise: after a step
// 10 reports back, a 5 % step is judged against 10 values, with the noise of all 80.
TEST(Verdict, NoiseIsPooledOverTheLevelsBeforeAChangePoint) {
  auto values = noisy(70, 100, 0.02, 21);
  const auto later = noisy(10, 120, 0.02, 22);
  values.insert(values.end(), later.begin(), later.end());
  const std::span<const double> history(values);
  const auto verdict = judge_series(history, 120 * 1.05, {}, {});
  ASSERT_TRUE(verdict.baseline);
  EXPECT_NEAR(*verdict.baseline, 120, 2);  // judged against the new level only
  EXPECT_GE(verdict.since_change, 8u);     // the change point, placed within two reports
  EXPECT_LE(verdict.since_change, 12u);
  ASSERT_TRUE(verdict.noise);
  EXPECT_NEAR(*verdict.noise / 120, 0.02, 0.006);
}

TEST(Suite, BenjaminiHochbergMatchesTheProcedure) {
  // p = 0.01, 0.04, 0.03, 0.5 (m = 4): sorted q = 0.04, 0.053, 0.053, 0.5.
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.5};
  const auto q = benjamini_hochberg(p);
  EXPECT_DOUBLE_EQ(q[0], 0.04);
  EXPECT_DOUBLE_EQ(q[1], 0.04 * 4 / 3);
  EXPECT_DOUBLE_EQ(q[2], 0.04 * 4 / 3);
  EXPECT_DOUBLE_EQ(q[3], 0.5);
}

TEST(Suite, WeakRedAmongManySeriesBecomesSuspect) {
  std::vector<SeriesVerdict> verdicts(1000);
  verdicts[0].status = Status::red;
  verdicts[0].decided_by_test = true;
  verdicts[0].worse_p_value = 1e-5;  // q = 0.005: second of 1,000 series
  verdicts[1].status = Status::red;
  verdicts[1].decided_by_test = true;
  verdicts[1].worse_p_value = 1e-9;
  control_false_discoveries(verdicts, 0.004);
  EXPECT_EQ(verdicts[0].status, Status::suspect);
  EXPECT_EQ(verdicts[1].status, Status::red);
}

}  // namespace
}  // namespace perfwatch::detect
