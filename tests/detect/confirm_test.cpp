// detect::confirm_series, the logic of `perfwatch run --confirm-suspects`, on generated
// histories and re-runs: every value is drawn here from a seeded generator, none is timed.
#include "detect/confirm.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

namespace perfwatch::detect {
namespace {

std::vector<double> noisy(std::size_t count, double level, double cv, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, cv);
  std::vector<double> values(count);
  for (auto& value : values) value = level * (1 + normal(random));
  return values;
}

// One run per value, without samples.
std::vector<Measurement> runs_of(std::initializer_list<double> values) {
  std::vector<Measurement> runs;
  for (const double value : values) runs.push_back({value, {}});
  return runs;
}

TEST(Confirm, PooledRunsAreTheMedianOfEverySample) {
  const std::vector<Measurement> one{{101, {100, 102}}};
  EXPECT_EQ(pool_runs(one).value, 101);  // one run is itself, its value as measured
  const std::vector<Measurement> runs{{101, {100, 102}}, {150, {}}, {99, {98, 99.5}}};
  const auto pooled = pool_runs(runs);
  EXPECT_EQ(pooled.samples, (std::vector<double>{100, 102, 150, 98, 99.5}));
  EXPECT_EQ(pooled.value, 100);
  EXPECT_THROW(pool_runs({}), std::invalid_argument);
  EXPECT_THROW(confirm_series({}, {}, 3, {}), std::invalid_argument);
}

TEST(Confirm, SpikeIsTakenBackByTheReRunsAndStoredAtTheirMedian) {
  const auto history = noisy(100, 100, 0.02, 1);
  const auto runs = runs_of({145, 100.3, 99.8, 100.1});
  const auto confirmation = confirm_series(history, runs, 3, {});
  EXPECT_EQ(confirmation.first.status, Status::suspect);
  EXPECT_EQ(confirmation.verdict.status, Status::green);
  // The median of 145 and 100.3 is still beyond the limit; the third value settles it.
  EXPECT_EQ(confirmation.reruns, 2u);
  EXPECT_DOUBLE_EQ(confirmation.pooled.value, 100.3);
}

TEST(Confirm, RealStepStaysRedAfterEveryReRun) {
  auto history = noisy(100, 100, 0.02, 2);
  const auto step = noisy(4, 110, 0.02, 3);
  history.insert(history.end(), step.begin(), step.end());
  const auto runs = runs_of({110.5, 109.6, 110.9, 110.2});
  const auto confirmation = confirm_series(history, runs, 3, {});
  EXPECT_EQ(confirmation.first.status, Status::red);
  EXPECT_EQ(confirmation.verdict.status, Status::red);
  EXPECT_EQ(confirmation.reruns, 3u);
  EXPECT_EQ(confirmation.pooled.samples.size(), 4u);
}

TEST(Confirm, GreenIsNotReRunAndTheBudgetBoundsReRuns) {
  const auto history = noisy(100, 100, 0.02, 4);
  const auto green = confirm_series(history, runs_of({100.5, 140}), 3, {});
  EXPECT_EQ(green.verdict.status, Status::green);
  EXPECT_EQ(green.reruns, 0u);
  EXPECT_DOUBLE_EQ(green.pooled.value, 100.5);
  // One re-run allowed: 145 and 100.3 pool to 122.65, still suspect.
  const auto bounded = confirm_series(history, runs_of({145, 100.3, 99.8}), 1, {});
  EXPECT_EQ(bounded.reruns, 1u);
  EXPECT_EQ(bounded.verdict.status, Status::suspect);
  // No more re-runs than were measured.
  const auto short_of_runs = confirm_series(history, runs_of({145}), 3, {});
  EXPECT_EQ(short_of_runs.reruns, 0u);
  EXPECT_EQ(short_of_runs.verdict.status, Status::suspect);
}

// A red that one noisy report made (a tail just significant with its newest value high) is
// taken back when the re-run measures the commit again at its true level.
TEST(Confirm, RedFromOneHighNewestValueIsTakenBackByAReRun) {
  std::vector<double> history;
  for (int i = 0; i < 96; ++i) history.push_back(i % 2 ? 102 : 98);  // noise 2, exactly
  for (const double value : {104.0, 104.5, 103.5, 104.0}) history.push_back(value);
  const auto runs = runs_of({112, 99.5, 100});
  const auto confirmation = confirm_series(history, runs, 3, {});
  ASSERT_EQ(confirmation.first.status, Status::red);
  EXPECT_NE(confirmation.verdict.status, Status::red);
  EXPECT_GE(confirmation.reruns, 1u);
}

}  // namespace
}  // namespace perfwatch::detect
