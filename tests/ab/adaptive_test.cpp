#include "ab/adaptive.hpp"

#include <gtest/gtest.h>

#include <random>

namespace perfwatch::ab {
namespace {

// Simulated benchmarks: candidate slower by factors[b], log-normal noise of `spread` per run;
// each run takes one simulated second.
struct Simulation {
  Simulation(std::vector<double> factors_, double spread_) : factors(factors_), spread(spread_) {}
  std::vector<double> factors;
  double spread = 0.01;
  std::mt19937_64 generator{42};
  double now = 0;
  std::vector<int> runs;

  MeasureFn measure() {
    runs.assign(factors.size(), 0);
    return [this](int b, Side side) {
      std::normal_distribution<double> noise(0, spread);
      now += 1;
      ++runs[static_cast<std::size_t>(b)];
      const double factor = side == Side::candidate ? factors[static_cast<std::size_t>(b)] : 1.0;
      return Measurement{{100 * factor * std::exp(noise(generator))}, ""};
    };
  }
  ClockFn clock() {
    return [this] { return now; };
  }
};

TEST(Adaptive, ClearCasesStopInTheFirstRound) {
  Simulation sim({1.2, 1.0}, 0.002);
  AdaptiveOptions options;
  const auto outcomes = sample_adaptively({1, 1}, sim.measure(), options, {}, sim.clock());
  EXPECT_EQ(outcomes[0].verdict, Verdict::different);
  EXPECT_EQ(outcomes[0].rounds, 1);
  EXPECT_EQ(outcomes[0].pairs.size(), 10u);
  EXPECT_EQ(outcomes[1].verdict, Verdict::same);
  EXPECT_EQ(outcomes[1].rounds, 1);
}

TEST(Adaptive, UnclearCasesGetGrowingRoundsUntilDecided) {
  Simulation sim({1.03, 1.2}, 0.03);
  AdaptiveOptions options;
  const auto outcomes = sample_adaptively({1, 1}, sim.measure(), options, {}, sim.clock());
  EXPECT_EQ(outcomes[0].verdict, Verdict::different);
  EXPECT_GT(outcomes[0].rounds, 1);
  EXPECT_GT(outcomes[0].pairs.size(), 10u);
  EXPECT_EQ(outcomes[1].rounds, 1);  // the clear one stopped
}

TEST(Adaptive, RunBudgetStopsUnknownOnes) {
  Simulation sim({1.01}, 0.2);
  AdaptiveOptions options;
  options.max_runs = 60;
  const auto outcomes = sample_adaptively({1}, sim.measure(), options, {}, sim.clock());
  EXPECT_EQ(outcomes[0].verdict, Verdict::unknown);
  EXPECT_EQ(sim.runs[0], 60);
  EXPECT_EQ(outcomes[0].pairs.size(), 30u);
}

TEST(Adaptive, TimeBudgetStopsUnknownOnes) {
  Simulation sim({1.01}, 0.2);
  AdaptiveOptions options;
  options.max_time_s = 25;
  options.max_runs = 0;
  sample_adaptively({1}, sim.measure(), options, {}, sim.clock());
  EXPECT_LE(sim.runs[0], 26);
}

TEST(Adaptive, ReusedPairsThatDecideRunNothing) {
  Simulation first({1.2}, 0.002);
  const auto earlier = sample_adaptively({1}, first.measure(), {}, {}, first.clock());
  Simulation second({1.2}, 0.002);
  const auto outcomes =
      sample_adaptively({1}, second.measure(), {}, {earlier[0].pairs}, second.clock());
  EXPECT_EQ(second.runs[0], 0);
  EXPECT_EQ(outcomes[0].reused_pairs, 10);
  EXPECT_EQ(outcomes[0].verdict, Verdict::different);
}

TEST(Adaptive, FailedRunStopsTheBenchmark) {
  int calls = 0;
  const MeasureFn failing = [&](int, Side side) {
    ++calls;
    return side == Side::candidate ? Measurement{{}, "exit code 1"} : Measurement{{1.0}, ""};
  };
  const auto outcomes = sample_adaptively({1}, failing, {});
  EXPECT_EQ(outcomes[0].failure, "exit code 1");
  EXPECT_EQ(outcomes[0].verdict, Verdict::unknown);
  EXPECT_LE(calls, 2);
}

TEST(Adaptive, UnitsWithSeveralSeriesRunUntilAllAreDecided) {
  // One harness-like unit reporting two series per run: one clear, one slow to decide.
  std::mt19937_64 generator(5);
  int runs = 0;
  const MeasureFn measure = [&](int, Side side) {
    std::normal_distribution<double> noise(0, 0.02);
    ++runs;
    const double slow = side == Side::candidate ? 1.03 : 1.0;
    return Measurement{{std::exp(noise(generator)) * 50, slow * std::exp(noise(generator)) * 80},
                       ""};
  };
  const auto outcomes = sample_adaptively({2}, measure, {});
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1].verdict, Verdict::different);
  EXPECT_EQ(outcomes[0].pairs.size(), outcomes[1].pairs.size());
  EXPECT_EQ(runs, static_cast<int>(2 * outcomes[0].pairs.size()));
}

TEST(Adaptive, WrongNumberOfValuesIsAFailure) {
  const MeasureFn measure = [](int, Side) { return Measurement{{1.0}, ""}; };
  const auto outcomes = sample_adaptively({2}, measure, {});
  EXPECT_EQ(outcomes[0].failure, "1 values where 2 were expected");
}

}  // namespace
}  // namespace perfwatch::ab
