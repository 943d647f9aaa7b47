// perfwatch check with perfwatch.toml (service-level objectives and thresholds), a spike told
// from a step, and a branch that clones its base's thresholds and history up to its fork point.
// Every value is chosen here, none is timed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

constexpr double kMiB = 1024.0 * 1024;

// Stores one report of benchmark "parse" with a latency (ns) and a bytes_per_second (B/s).
void store(const ScratchDir& dir, const std::string& commit, double latency, double bytes_per_s,
           const std::string& branch = "main", std::map<std::string, std::string> env = {}) {
  const auto file = dir / (commit + ".json");
  testing::write_file(file, fmt::format(R"({{"parse": {{"latency": {{"value": {}}},
                                              "bytes_per_second": {{"value": {}}}}}}})",
                                        latency, bytes_per_s));
  auto result = run_perfwatch({"ingest", "--project", "demo", "--branch", branch, "--testbed", "ci",
                               "--commit", commit, file.string()},
                              dir.path(), env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

// Eight ordinary reports c0..c7: latency 97..103 ns, 200 MiB/s.
void store_history(const ScratchDir& dir) {
  const double latencies[] = {100, 103, 98, 101, 97, 102, 99, 100};
  for (int i = 0; i < 8; ++i) store(dir, fmt::format("c{}", i), latencies[i], 200 * kMiB);
}

nlohmann::json check_json(const ScratchDir& dir) {
  auto result = run_perfwatch({"check", "--format", "json", "--fail-on", "never"}, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

nlohmann::json verdict_of(const nlohmann::json& check, const std::string& measure) {
  for (const auto& verdict : check["verdicts"]) {
    if (verdict["measure"] == measure) return verdict;
  }
  throw std::runtime_error("no verdict for " + measure);
}

TEST(SloCheck, ObjectiveIsSummarisedAndItsViolationFailsTheCheck) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"([[slo]]
benchmark = "pars*"
objective = "bytes_per_second >= 80 MiB/s"
)");
  store(dir, "c0", 100, 205 * kMiB);
  auto met = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(met.exit_code, 0) << met.out << met.err;
  EXPECT_NE(met.out.find("parse: 205 MiB/s (SLO >= 80 MiB/s, +156%)"), std::string::npos)
      << met.out;
  EXPECT_NE(met.out.find("0 of 1 SLOs violated"), std::string::npos) << met.out;

  store(dir, "c1", 100, 50 * kMiB);
  auto violated = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(violated.exit_code, 1) << violated.out << violated.err;
  EXPECT_NE(violated.out.find("parse: 50 MiB/s (SLO >= 80 MiB/s, -38%) VIOLATED"),
            std::string::npos)
      << violated.out;
  EXPECT_EQ(run_perfwatch({"check", "--fail-on", "never"}, dir.path()).exit_code, 0);
  EXPECT_EQ(run_perfwatch({"check", "--fail-on", "slo"}, dir.path()).exit_code, 1);

  const auto check = check_json(dir);
  EXPECT_EQ(check["slo_violations"], 1);
  ASSERT_EQ(check["objectives"].size(), 1u);
  EXPECT_EQ(check["objectives"][0]["met"], false);
  EXPECT_NEAR(check["objectives"][0]["value"].get<double>(), 50, 1e-9);
  const auto alerts =
      nlohmann::json::parse(run_perfwatch({"alert", "ls", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["kind"], "slo");

  store(dir, "c2", 100, 90 * kMiB);  // met again: the SLO alert resolves
  EXPECT_EQ(run_perfwatch({"check"}, dir.path()).exit_code, 0);
  const auto all = nlohmann::json::parse(
      run_perfwatch({"alert", "ls", "--status", "all", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["status"], "resolved");
}

TEST(SloCheck, BadConfigurationIsAnInputErrorAndWritesNothing) {
  ScratchDir dir;
  store_history(dir);
  store(dir, "c8", 140, 50 * kMiB);  // a regression and a violation, were the file right
  testing::write_file(dir / "perfwatch.toml",
                      "[[slo]]\nobjective = \"bytes_per_second >= 5 ms\"\n");
  auto wrong_unit = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(wrong_unit.exit_code, 2);
  EXPECT_NE(wrong_unit.err.find("perfwatch.toml: line 2"), std::string::npos) << wrong_unit.err;
  EXPECT_NE(wrong_unit.err.find("'ms' does not convert to B/s"), std::string::npos)
      << wrong_unit.err;

  testing::write_file(dir / "perfwatch.toml", "[[threshold]]\ntest = \"iqr\"\n");
  auto no_boundary = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(no_boundary.exit_code, 2);
  EXPECT_NE(no_boundary.err.find("give at least one boundary"), std::string::npos)
      << no_boundary.err;
  EXPECT_EQ(run_perfwatch({"check", "--config", "absent.toml"}, dir.path()).exit_code, 2);

  const auto alerts = nlohmann::json::parse(
      run_perfwatch({"alert", "ls", "--status", "all", "--format", "json"}, dir.path()).out);
  EXPECT_TRUE(alerts.empty()) << alerts;
}

TEST(SloCheck, ConfiguredThresholdComesBeforeTheDefault) {
  ScratchDir dir;
  store_history(dir);
  for (const auto* commit : {"c8", "c9", "c10"}) store(dir, commit, 140, 200 * kMiB);
  EXPECT_EQ(verdict_of(check_json(dir), "latency")["status"], "red");
  testing::write_file(dir / "perfwatch.toml", R"([[threshold]]
measure = "latency"
test = "percentage"
upper = 0.5
)");
  const auto latency = verdict_of(check_json(dir), "latency");
  EXPECT_EQ(latency["status"], "green") << latency;
  EXPECT_EQ(latency["test"], "percentage");
  EXPECT_NE(latency["threshold_origin"].get<std::string>().find("perfwatch.toml: line 1"),
            std::string::npos)
      << latency;
}

TEST(SloCheck, OneOrTwoValuesBeyondTheLimitAreSuspectAndThreeAStep) {
  ScratchDir dir;
  store_history(dir);
  store(dir, "c8", 140, 200 * kMiB);
  auto spike = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(spike.exit_code, 0) << spike.out << spike.err;
  EXPECT_EQ(verdict_of(check_json(dir), "latency")["status"], "suspect");

  store(dir, "c9", 141, 200 * kMiB);
  EXPECT_EQ(verdict_of(check_json(dir), "latency")["status"], "suspect");
  store(dir, "c10", 139, 200 * kMiB);
  auto step = run_perfwatch({"check", "--fail-on", "step"}, dir.path());
  EXPECT_EQ(step.exit_code, 1) << step.out << step.err;
  EXPECT_NE(step.out.find("red (step, 3, "), std::string::npos) << step.out;
  const auto latency = verdict_of(check_json(dir), "latency");
  EXPECT_EQ(latency["step"]["after_commit"], "c7") << latency;
  EXPECT_EQ(latency["step"]["commit"], "c8") << latency;
  EXPECT_GT(latency["step"]["confidence"].get<double>(), 0.99) << latency;
  // A stricter confirmation turns the same three values back into a spike.
  EXPECT_EQ(run_perfwatch({"check", "--fail-on", "step", "--confirm", "4"}, dir.path()).exit_code,
            0);
}

TEST(SloCheck, NewBranchClonesThresholdsAndKeepsItsBasesHistoryUpToTheForkPoint) {
  ScratchDir dir;
  store_history(dir);
  // After feature forked from c7, main got slower for good: c8..c19.
  for (int i = 8; i < 20; ++i) store(dir, fmt::format("c{}", i), 200 + i % 3, 200 * kMiB);
  ASSERT_EQ(run_perfwatch({"threshold", "add", "--project", "demo", "--branch", "main", "--test",
                           "percentage", "--upper", "0.2"},
                          dir.path())
                .exit_code,
            0);
  const std::map<std::string, std::string> pull_request = {
      {"GITHUB_ACTIONS", "true"}, {"GITHUB_BASE_REF", "main"}, {"GITHUB_HEAD_REF", "feature"}};
  store(dir, "f1", 101, 200 * kMiB, "feature", pull_request);
  // Without its fork point, the feature is judged against all of main's history, mostly slower.
  const auto before = verdict_of(check_json(dir), "latency");
  EXPECT_GT(before["baseline"].get<double>(), 150) << before;
  EXPECT_EQ(before["history"], 20) << before;

  auto cloned = run_perfwatch(
      {"threshold", "clone", "--from", "main", "--to", "feature", "--start-point", "c7"},
      dir.path());
  ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
  EXPECT_NE(cloned.out.find("copied 1 thresholds of main to feature"), std::string::npos)
      << cloned.out;
  const auto thresholds =
      nlohmann::json::parse(run_perfwatch({"threshold", "ls", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(thresholds.size(), 2u) << thresholds;

  const auto latency = verdict_of(check_json(dir), "latency");
  EXPECT_EQ(latency["status"], "green") << latency;
  EXPECT_EQ(latency["history"], 8) << latency;
  EXPECT_EQ(latency["test"], "percentage") << latency;
  EXPECT_NEAR(latency["baseline"].get<double>(), 100, 1) << latency;
  auto again =
      run_perfwatch({"threshold", "clone", "--from", "main", "--to", "feature"}, dir.path());
  EXPECT_NE(again.out.find("copied 0 thresholds"), std::string::npos) << again.out;

  EXPECT_EQ(run_perfwatch({"threshold", "clone", "--from", "main", "--to", "feature",
                           "--start-point", "nope"},
                          dir.path())
                .exit_code,
            2);
  EXPECT_EQ(run_perfwatch({"threshold", "clone", "--from", "main", "--to", "absent"}, dir.path())
                .exit_code,
            2);
}

}  // namespace
}  // namespace perfwatch
