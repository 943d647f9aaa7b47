// perfwatch check, threshold and alert, end to end on histories generated as BMF files: every
// value is chosen here, none is timed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// Stores one report of benchmark "parse" with a latency (ns) and a throughput (ops/s).
void store(const ScratchDir& dir, int commit, double latency, double throughput,
           const std::string& branch = "main", std::map<std::string, std::string> env = {}) {
  const auto file = dir / fmt::format("r{}.json", commit);
  testing::write_file(file, fmt::format(R"({{"parse": {{"latency": {{"value": {}}},
                                              "throughput": {{"value": {}}}}}}})",
                                        latency, throughput));
  auto result = run_perfwatch({"ingest", "--project", "demo", "--branch", branch, "--testbed", "ci",
                               "--commit", fmt::format("c{}", commit), file.string()},
                              dir.path(), env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

// Eight ordinary reports: latency 97..103 ns, throughput 1000 ops/s give or take 3.
void store_history(const ScratchDir& dir) {
  const double latencies[] = {100, 103, 98, 101, 97, 102, 99, 100};
  const double throughputs[] = {1000, 1002, 998, 1001, 999, 1003, 997, 1000};
  for (int i = 0; i < 8; ++i) store(dir, i, latencies[i], throughputs[i]);
}

nlohmann::json check_json(const ScratchDir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"check", "--format", "json", "--fail-on", "never"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto result = run_perfwatch(args, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

std::string status_of(const nlohmann::json& check, const std::string& measure) {
  for (const auto& verdict : check["verdicts"]) {
    if (verdict["measure"] == measure) return verdict["status"];
  }
  return "absent";
}

// Reports `first` to `first + count - 1`, all with the same latency and throughput.
void store_run(const ScratchDir& dir, int first, int count, double latency, double throughput) {
  for (int commit = first; commit < first + count; ++commit) {
    store(dir, commit, latency, throughput);
  }
}

TEST(CheckCommand, OneSlowerReportIsSuspectAndThreeARegressionWithOneAlert) {
  ScratchDir dir;
  store_history(dir);
  store(dir, 8, 140, 1000);
  auto suspect = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(suspect.exit_code, 0) << suspect.out << suspect.err;
  EXPECT_NE(suspect.out.find("1 suspect"), std::string::npos) << suspect.out;
  store_run(dir, 9, 2, 140, 1000);
  auto first = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("1 regressed"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("1 new alerts"), std::string::npos) << first.out;
  auto again = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.out.find("0 new alerts"), std::string::npos) << again.out;
  EXPECT_EQ(run_perfwatch({"check", "--fail-on", "never"}, dir.path()).exit_code, 0);
  auto alerts = run_perfwatch({"alert", "ls", "--format", "json"}, dir.path());
  const auto listed = nlohmann::json::parse(alerts.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["status"], "active");
  const auto message = listed[0]["message"].get<std::string>();
  EXPECT_NE(message.find("parse: latency 140 ns"), std::string::npos) << message;
  EXPECT_NE(message.find("over 3 reports from commit c7..c8"), std::string::npos) << message;
}

TEST(CheckCommand, DirectionDecidesWhichSideIsWorse) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 3, 80, 700);  // faster and lower throughput
  const auto check = check_json(dir);
  EXPECT_EQ(status_of(check, "latency"), "improved");
  EXPECT_EQ(status_of(check, "throughput"), "red");
  EXPECT_EQ(check["regressions"], 1);
}

TEST(CheckCommand, TooLittleHistoryGivesNoVerdict) {
  ScratchDir dir;
  store(dir, 0, 100, 1000);
  store(dir, 1, 500, 10);
  const auto check = check_json(dir);
  EXPECT_EQ(status_of(check, "latency"), "unknown");
  EXPECT_EQ(run_perfwatch({"check"}, dir.path()).exit_code, 0);
}

TEST(CheckCommand, NearTheLimitIsYellow) {
  ScratchDir dir;
  store_history(dir);
  // The default limit of this history is median + 3 IQR = 100 + 3 * 2.5 = 107.5 ns (type 7
  // quartiles 98.75 and 101.25); past 80 % of the way there, 106 ns, is yellow.
  store(dir, 8, 107, 1000);
  EXPECT_EQ(status_of(check_json(dir), "latency"), "yellow");
}

TEST(CheckCommand, MostSpecificThresholdWins) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 2, 140, 1000);  // two in a row beyond a configured threshold are red
  auto add = run_perfwatch({"threshold", "add", "--measure", "latency", "--test", "static",
                            "--upper", "150", "--min-samples", "1"},
                           dir.path());
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto project_wide = run_perfwatch(
      {"threshold", "add", "--test", "percentage", "--upper", "0.1", "--lower", "0.1"}, dir.path());
  ASSERT_EQ(project_wide.exit_code, 0) << project_wide.err;
  const auto check = check_json(dir);
  EXPECT_EQ(status_of(check, "latency"), "green");  // static 150 ns, not the 10 % rule
  const auto listed =
      nlohmann::json::parse(run_perfwatch({"threshold", "ls", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0]["measure"], "latency");
  EXPECT_EQ(listed[1]["measure"], "*");
  EXPECT_EQ(run_perfwatch({"threshold", "rm", "1"}, dir.path()).exit_code, 0);
  EXPECT_EQ(status_of(check_json(dir), "latency"), "red");  // 140 ns is 40 % over
}

TEST(CheckCommand, BadThresholdsAreInputErrors) {
  ScratchDir dir;
  store_history(dir);
  auto unknown_test =
      run_perfwatch({"threshold", "add", "--test", "magic", "--upper", "1"}, dir.path());
  EXPECT_EQ(unknown_test.exit_code, 2);
  EXPECT_NE(unknown_test.err.find("--test: unknown test 'magic'"), std::string::npos);
  auto unknown_measure =
      run_perfwatch({"threshold", "add", "--measure", "nope", "--upper", "1"}, dir.path());
  EXPECT_EQ(unknown_measure.exit_code, 2);
  EXPECT_NE(unknown_measure.err.find("--measure: no measure 'nope'"), std::string::npos);
  auto no_boundary = run_perfwatch({"threshold", "add"}, dir.path());
  EXPECT_EQ(no_boundary.exit_code, 2);
  EXPECT_EQ(run_perfwatch({"threshold", "rm", "7"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_perfwatch({"alert", "ack", "7"}, dir.path()).exit_code, 2);
  auto thresholds = run_perfwatch({"sql", "SELECT count(*) AS n FROM threshold"}, dir.path());
  EXPECT_EQ(thresholds.out, "n\n0\n");
}

TEST(CheckCommand, PullRequestIsJudgedAgainstItsBaseBranch) {
  ScratchDir dir;
  store_history(dir);
  const std::map<std::string, std::string> pull_request = {
      {"GITHUB_ACTIONS", "true"}, {"GITHUB_BASE_REF", "main"}, {"GITHUB_HEAD_REF", "feature"}};
  store(dir, 20, 140, 1000, "feature", pull_request);
  const auto check = check_json(dir);
  EXPECT_EQ(check["branch"], "feature");
  EXPECT_EQ(check["history_branch"], "main");
  EXPECT_EQ(status_of(check, "latency"), "suspect");  // one report of main's history's limit
}

TEST(CheckCommand, LaterGreenReportResolvesTheAlert) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 3, 140, 1000);
  ASSERT_EQ(run_perfwatch({"check"}, dir.path()).exit_code, 1);
  store(dir, 11, 100, 1000);
  ASSERT_EQ(run_perfwatch({"check"}, dir.path()).exit_code, 0);
  const auto alerts = nlohmann::json::parse(
      run_perfwatch({"alert", "ls", "--status", "all", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["status"], "resolved");
}

}  // namespace
}  // namespace perfwatch

namespace perfwatch {
namespace {

TEST(CheckCommand, NoHistoryIsSaidLoudlyAndFailsWithRequireHistory) {
  ScratchDir dir;
  store(dir, 0, 100, 1000);
  auto quiet = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_NE(quiet.err.find("no history: 2 of 2 series have no earlier reports on testbed ci"),
            std::string::npos)
      << quiet.err;
  const auto json = check_json(dir);
  EXPECT_EQ(json["without_history"], 2);
  EXPECT_NE(json["no_history"].get<std::string>().find("nothing was judged"), std::string::npos);
  EXPECT_EQ(run_perfwatch({"check", "--require-history"}, dir.path()).exit_code, 4);
  store(dir, 1, 100, 1000);
  EXPECT_EQ(run_perfwatch({"check", "--require-history"}, dir.path()).exit_code, 0);
}

TEST(CheckCommand, MinChangeOfTheConfigurationKeepsSmallStepsGreen) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 4, 130, 1000);
  EXPECT_EQ(status_of(check_json(dir), "latency"), "red");
  testing::write_file(dir / "perfwatch.toml", "[[threshold]]\nupper = 3.0\nmin_change = 0.5\n");
  EXPECT_EQ(status_of(check_json(dir), "latency"), "green");
  testing::write_file(dir / "perfwatch.toml", "[[threshold]]\nupper = 3.0\nmin_change = -1\n");
  auto bad = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("perfwatch.toml: line 1"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("min_change"), std::string::npos) << bad.err;
}

TEST(CheckCommand, MaxPSetsHowSureAStepMustBe) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 4, 130, 1000);
  EXPECT_EQ(status_of(check_json(dir), "latency"), "red");
  // Four values 30 % up against eight: a t test's p is far below the default level and far
  // above 1e-12.
  EXPECT_NE(status_of(check_json(dir, {"--max-p", "1e-12"}), "latency"), "red");
  auto bad = run_perfwatch({"check", "--max-p", "0.5"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--max-p"), std::string::npos) << bad.err;
}

TEST(CheckCommand, MinChangeOfAStoredThresholdKeepsSmallStepsGreen) {
  ScratchDir dir;
  store_history(dir);
  store_run(dir, 8, 4, 130, 1000);
  EXPECT_EQ(status_of(check_json(dir), "latency"), "red");
  auto bad = run_perfwatch({"threshold", "add", "--upper", "3", "--min-change", "-1"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--min-change"), std::string::npos) << bad.err;
  auto add = run_perfwatch(
      {"threshold", "add", "--measure", "latency", "--upper", "3", "--min-change", "0.5"},
      dir.path());
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const auto listed =
      nlohmann::json::parse(run_perfwatch({"threshold", "ls", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["min_change"], 0.5);
  const auto check = check_json(dir);
  EXPECT_EQ(status_of(check, "latency"), "green");  // +30 %, below the stored 50 %
}

// check reads the newest `window` reports first; a series absent from some of them still gets
// its own newest `window` values, from older reports.
TEST(CheckCommand, SeriesAbsentFromRecentReportsKeepsItsWholeWindow) {
  ScratchDir dir;
  for (int commit = 0; commit < 12; ++commit) {
    const auto file = dir / fmt::format("r{}.json", commit);
    const bool rare = commit < 6 || commit == 11;
    testing::write_file(
        file, fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}{}}})", 100 + commit % 3,
                          rare ? fmt::format(R"(, "rare": {{"latency": {{"value": {}}}}})",
                                             200 + commit % 2)
                               : ""));
    ASSERT_EQ(run_perfwatch({"ingest", "--project", "demo", "--branch", "main", "--testbed", "ci",
                             "--commit", fmt::format("c{}", commit), file.string()},
                            dir.path())
                  .exit_code,
              0);
  }
  testing::write_file(dir / "perfwatch.toml", "[[threshold]]\nupper = 3.0\nwindow = 4\n");
  const auto check = check_json(dir);
  ASSERT_EQ(check["verdicts"].size(), 2u) << check.dump();
  for (const auto& verdict : check["verdicts"]) {
    EXPECT_EQ(verdict["history"], 4) << verdict.dump();
  }
}

}  // namespace
}  // namespace perfwatch
