#include "runner/profile.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

PlanOverrides runs(int count) {
  PlanOverrides overrides;
  overrides.runs = count;
  return overrides;
}

TEST(Profile, LargerProfilesRunLongerAndMore) {
  RunPlan previous{};
  for (auto level : {ProfileLevel::quick, ProfileLevel::standard, ProfileLevel::full,
                     ProfileLevel::comprehensive}) {
    const auto plan = profile_for(level).plan;
    EXPECT_EQ(parse_profile_level(to_string(level)), level);
    EXPECT_LE(plan.min_runs, plan.max_runs);
    EXPECT_LE(plan.min_time_s, plan.max_time_s);
    EXPECT_GE(plan.warmup, previous.warmup);
    EXPECT_GT(plan.min_runs, previous.min_runs);
    EXPECT_GT(plan.max_time_s, previous.max_time_s);
    previous = plan;
  }
  EXPECT_FALSE(parse_profile_level("huge"));
}

TEST(Profile, RunsFlagMeansExactlyThatManyRuns) {
  const auto plan = apply_overrides(profile_for(ProfileLevel::standard).plan, runs(4));
  EXPECT_EQ(plan.min_runs, 4);
  EXPECT_EQ(plan.max_runs, 4);
  int runs = 0;
  while (wants_another_run(plan, runs, runs * 100.0)) ++runs;  // slow runs do not cut it short
  EXPECT_EQ(runs, 4);
}

TEST(Profile, OverridesReplaceFieldsAndRejectNonsense) {
  PlanOverrides overrides;
  overrides.warmup = 0;
  overrides.min_time_s = 0.5;
  overrides.max_time_s = 3;
  overrides.timeout_s = 2;
  const auto plan = apply_overrides(profile_for(ProfileLevel::quick).plan, overrides);
  EXPECT_EQ(plan.warmup, 0);
  EXPECT_EQ(plan.min_time_s, 0.5);
  EXPECT_EQ(plan.max_time_s, 3);
  EXPECT_EQ(plan.timeout_s, 2);
  PlanOverrides bad;
  bad.warmup = -1;
  EXPECT_THROW(apply_overrides({}, bad), InputError);
  EXPECT_THROW(apply_overrides({}, runs(0)), InputError);
  bad = {};
  bad.timeout_s = 0;
  EXPECT_THROW(apply_overrides({}, bad), InputError);
  bad = {};
  bad.min_time_s = -1;
  EXPECT_THROW(apply_overrides({}, bad), InputError);
}

TEST(Profile, StopsAtMinRunsAndMinTimeOrAtTheLimits) {
  const RunPlan plan{0, 3, 10, 1.0, 5.0, std::nullopt};
  EXPECT_TRUE(wants_another_run(plan, 0, 0));
  EXPECT_TRUE(wants_another_run(plan, 3, 0.5));    // min runs done, min time not
  EXPECT_FALSE(wants_another_run(plan, 3, 1.0));   // both done
  EXPECT_TRUE(wants_another_run(plan, 2, 2.0));    // min time done, min runs not
  EXPECT_FALSE(wants_another_run(plan, 10, 0.1));  // max runs
  EXPECT_FALSE(wants_another_run(plan, 1, 5.0));   // max time, even under min runs
}

}  // namespace
}  // namespace perfwatch::runner
