// The check's pure steps (detect/check.hpp) on histories made here: prepare_check picks
// thresholds and directions, judge_report judges each verdict on its window of the given
// history, alert_changes says which alerts to raise and resolve. No database.
#include "detect/check.hpp"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

#include "core/error.hpp"

namespace perfwatch::detect {
namespace {

store::CheckedReport report_at(double started_s) {
  store::CheckedReport report;
  report.id = "00000000-0000-4000-8000-000000000099";
  report.project = "demo";
  report.branch = report.history_branch = "main";
  report.testbed = "ci";
  report.commit = "new";
  report.started_s = started_s;
  return report;
}

store::ReportMetric metric(int32_t benchmark, std::string measure, std::string direction,
                           double value) {
  return {benchmark,
          1,
          "bench" + std::to_string(benchmark),
          "{}",
          std::move(measure),
          "ns",
          std::move(direction),
          value};
}

// `count` earlier values around `level` with 2% Gaussian noise, one an hour up to an hour before
// `now_s`, with commits c0, c1, ...
store::RecentValues history(std::size_t count, double level, double now_s, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal(0, 0.02);
  store::RecentValues values;
  for (std::size_t i = 0; i < count; ++i) {
    values.values.push_back(level * (1 + normal(random)));
    values.started_s.push_back(now_s - 3600.0 * static_cast<double>(count - i));
    values.commits.push_back("c" + std::to_string(i));
  }
  return values;
}

TEST(Check, PrepareChoosesThresholdsAndDeclaredDirections) {
  Threshold narrow = default_threshold();
  narrow.measure = "latency";
  narrow.window_reports = 10;
  narrow.origin = "perfwatch.toml:1";
  DetectionConfig config;
  config.thresholds.push_back(narrow);
  config.directions.declare("hits", "higher", "--direction");
  const ThresholdChooser chooser({}, config.thresholds);
  const auto result = prepare_check(report_at(0),
                                    {metric(1, "latency", "lower_is_better", 5),
                                     metric(2, "hits", "unknown", 7), metric(3, "x", "unknown", 1)},
                                    chooser, config);
  ASSERT_EQ(result.verdicts.size(), 3u);
  EXPECT_EQ(result.report_id, "00000000-0000-4000-8000-000000000099");
  EXPECT_EQ(result.verdicts[0].threshold.window_reports, 10);
  EXPECT_EQ(result.verdicts[1].threshold.origin, "default");
  EXPECT_EQ(result.verdicts[1].direction, Direction::higher_is_better);
  EXPECT_EQ(result.verdicts[2].direction, Direction::unknown);
}

TEST(Check, JudgesEachVerdictOnItsOwnHistory) {
  const double now = 1e6;
  const ThresholdChooser chooser({});
  auto result = prepare_check(
      report_at(now),
      {metric(1, "latency", "lower_is_better", 150), metric(2, "latency", "lower_is_better", 100),
       metric(3, "latency", "lower_is_better", 100), metric(4, "latency", "unknown", 100)},
      chooser, {});
  const std::vector<store::RecentValues> earlier = {
      history(60, 100, now, 1), history(60, 100, now, 2), history(3, 100, now, 3),
      history(60, 100, now, 4)};
  judge_report(result, now, earlier, {});
  EXPECT_EQ(result.verdicts[0].status, Status::red);  // 50% above a history of 2% noise
  EXPECT_EQ(result.verdicts[0].history_size, 60u);
  EXPECT_EQ(result.verdicts[1].status, Status::green);
  EXPECT_EQ(result.verdicts[2].status, Status::unknown);  // 3 earlier values, 5 needed
  EXPECT_EQ(result.without_history(), 0u);
  EXPECT_EQ(result.verdicts[3].status, Status::undeclared);
}

TEST(Check, ReadsOnlyTheNewestWindowWithinItsSeconds) {
  const double now = 1e6;
  Threshold recent = default_threshold();
  recent.window_reports = 20;
  DetectionConfig config;
  config.thresholds.push_back(recent);
  const ThresholdChooser chooser({}, config.thresholds);
  // 80 old values at 200, then 20 at 100: the window sees only the level of 100.
  auto earlier = history(100, 100, now, 5);
  for (std::size_t i = 0; i < 80; ++i) earlier.values[i] *= 2;
  auto result = prepare_check(report_at(now), {metric(1, "latency", "lower_is_better", 101)},
                              chooser, config);
  judge_report(result, now, std::vector{earlier}, config);
  EXPECT_EQ(result.verdicts[0].history_size, 20u);
  EXPECT_EQ(result.verdicts[0].status, Status::green);

  // Only the newest 4 hours: too few values to judge.
  config.thresholds[0].window_seconds = 4 * 3600;
  const ThresholdChooser hours({}, config.thresholds);
  result =
      prepare_check(report_at(now), {metric(1, "latency", "lower_is_better", 101)}, hours, config);
  judge_report(result, now, std::vector{earlier}, config);
  EXPECT_EQ(result.verdicts[0].history_size, 4u);
  EXPECT_EQ(result.verdicts[0].status, Status::unknown);
}

TEST(Check, AStepIsDatedByTheCommitsAroundIt) {
  const double now = 1e6;
  auto earlier = history(60, 100, now, 6);
  for (std::size_t i = 55; i < 60; ++i) earlier.values[i] *= 1.3;
  auto result = prepare_check(report_at(now), {metric(1, "latency", "lower_is_better", 130)},
                              ThresholdChooser({}), {});
  judge_report(result, now, std::vector{earlier}, {});
  const auto& verdict = result.verdicts[0];
  ASSERT_EQ(verdict.status, Status::red);
  ASSERT_TRUE(verdict.step);
  EXPECT_EQ(verdict.step_after_commit, "c54");
  EXPECT_EQ(verdict.step_commit, "c55");
  EXPECT_LT(verdict.q_value, 0.01);
}

TEST(Check, OneHistoryPerVerdictIsNeeded) {
  auto result = prepare_check(report_at(0), {metric(1, "latency", "lower_is_better", 1)},
                              ThresholdChooser({}), {});
  EXPECT_THROW(judge_report(result, 0, {}, {}), std::logic_error);
}

TEST(Check, ObjectivesAreCheckedAndABadUnitIsAnInputError) {
  DetectionConfig config;
  config.objectives.push_back(parse_objective("latency <= 2 us", "perfwatch.toml:3"));
  auto result = prepare_check(report_at(0), {metric(1, "latency", "lower_is_better", 2500)},
                              ThresholdChooser({}), config);
  judge_report(result, 0, std::vector<store::RecentValues>(1), config);
  ASSERT_EQ(result.objectives.size(), 1u);
  EXPECT_FALSE(result.objectives[0].met);
  EXPECT_EQ(result.violations(), 1u);

  config.objectives[0] = parse_objective("latency <= 2 MiB", "perfwatch.toml:3");
  EXPECT_THROW(judge_report(result, 0, std::vector<store::RecentValues>(1), config), InputError);
}

TEST(Check, AlertsRaisedForRedsAndViolationsResolvedWhenBack) {
  CheckResult result;
  Verdict red;
  red.benchmark_id = 1;
  red.measure_id = 1;
  red.benchmark = "parse";
  red.measure = "latency";
  red.units = "ns";
  red.value = 150;
  red.baseline = 100;
  red.upper_limit = 120;
  red.status = Status::red;
  Verdict back = red;
  back.benchmark_id = 2;
  back.value = 100;
  back.status = Status::green;
  result.verdicts = {red, back};
  const std::vector<store::EarlierAlert> earlier = {
      {.id = 7, .benchmark_id = 2, .measure_id = 1, .kind = "regression", .limit = 110},
      {.id = 8, .benchmark_id = 1, .measure_id = 1, .kind = "regression", .limit = 120},
      {.id = 9, .benchmark_id = 3, .measure_id = 1, .kind = "regression", .limit = 1}};
  const auto changes = alert_changes(result, earlier);
  ASSERT_EQ(changes.raise.size(), 1u);
  EXPECT_EQ(changes.raise[0].benchmark_id, 1);
  EXPECT_EQ(changes.raise[0].kind, "regression");
  EXPECT_EQ(changes.raise[0].limit, 120);
  EXPECT_FALSE(changes.raise[0].threshold);  // the default threshold is not stored
  EXPECT_EQ(changes.resolve, std::vector<int64_t>{7});
}

}  // namespace
}  // namespace perfwatch::detect
