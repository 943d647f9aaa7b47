#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// Two reports of project "p": a.json on main/box-a, then b.json on topic/box-b.
void store_two_reports(const ScratchDir& dir) {
  testing::write_file(dir / "a.json",
                      R"({"parse": {"latency": {"value": 1234.5, "lower_value": 1000,
      "upper_value": 1500}}, "copy": {"throughput": {"value": 2500000}}})");
  testing::write_file(dir / "b.json", R"({"parse": {"latency": {"value": 99}}})");
  ASSERT_EQ(run_perfwatch({"ingest", "a.json", "--project", "p", "--branch", "main", "--testbed",
                           "box-a", "--commit", "c1"},
                          dir.path())
                .exit_code,
            0);
  ASSERT_EQ(run_perfwatch({"ingest", "b.json", "--project", "p", "--branch", "topic", "--testbed",
                           "box-b", "--commit", "c2"},
                          dir.path())
                .exit_code,
            0);
}

TEST(LsCommand, MetricsTableIsAlignedAndHumanised) {
  ScratchDir dir;
  store_two_reports(dir);
  auto result = run_perfwatch({"ls", "metrics", "--branch", "main"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto body = result.out.substr(result.out.find('\n') + 1);
  EXPECT_EQ(body,
            "benchmark  params  measure           value    lower    upper  n\n"
            "copy       -       throughput  2.50M ops/s        -        -  0\n"
            "parse      -       latency         1.23 µs  1.00 µs  1.50 µs  0\n");
  EXPECT_EQ(result.out.find("report "), 0u);
  EXPECT_NE(result.out.find("project p, branch main, testbed box-a, commit c1"), std::string::npos);
}

TEST(LsCommand, MetricsDefaultToTheNewestReportAndJsonIsExact) {
  ScratchDir dir;
  store_two_reports(dir);
  auto result = run_perfwatch({"ls", "metrics", "--format", "json"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto rows = nlohmann::json::parse(result.out);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["benchmark"], "parse");
  EXPECT_EQ(rows[0]["value"], 99.0);
  EXPECT_EQ(rows[0]["units"], "ns");
  EXPECT_EQ(rows[0]["direction"], "lower_is_better");
  EXPECT_TRUE(rows[0]["lower"].is_null());

  auto main_only = nlohmann::json::parse(
      run_perfwatch({"ls", "metrics", "--format", "json", "--testbed", "box-a"}, dir.path()).out);
  ASSERT_EQ(main_only.size(), 2u);
  EXPECT_EQ(main_only[1]["value"], 1234.5);
  EXPECT_EQ(main_only[1]["lower"], 1000.0);
}

TEST(LsCommand, ReportsNewestFirstAndReportPrefixSelects) {
  ScratchDir dir;
  store_two_reports(dir);
  auto reports =
      nlohmann::json::parse(run_perfwatch({"ls", "reports", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]["branch"], "topic");
  EXPECT_EQ(reports[1]["commit"], "c1");
  EXPECT_EQ(reports[1]["metrics"], 2);
  const auto id = reports[1]["id"].get<std::string>();
  auto metrics = nlohmann::json::parse(
      run_perfwatch({"ls", "metrics", "--format", "json", "--report", id.substr(0, 8)}, dir.path())
          .out);
  EXPECT_EQ(metrics.size(), 2u);
  EXPECT_EQ(metrics[0]["report"], id);
}

TEST(LsCommand, ProjectsBranchesMeasuresAreSortedTables) {
  ScratchDir dir;
  store_two_reports(dir);
  auto branches = run_perfwatch({"ls", "branches"}, dir.path());
  ASSERT_EQ(branches.exit_code, 0) << branches.err;
  EXPECT_EQ(branches.out.substr(0, branches.out.find('\n')), "project  branch  reports  latest");
  EXPECT_NE(branches.out.find("\np        main          1  "), std::string::npos) << branches.out;
  EXPECT_LT(branches.out.find("main"), branches.out.find("topic"));
  auto measures = run_perfwatch({"ls", "measures"}, dir.path());
  EXPECT_EQ(measures.out,
            "project  measure     units  direction         metrics\n"
            "p        latency     ns     lower_is_better         2\n"
            "p        throughput  ops/s  higher_is_better        1\n");
  auto testbeds =
      nlohmann::json::parse(run_perfwatch({"ls", "testbeds", "--format", "json"}, dir.path()).out);
  ASSERT_EQ(testbeds.size(), 2u);
  EXPECT_EQ(testbeds[0]["testbed"], "box-a");
  EXPECT_TRUE(testbeds[0]["fingerprint"].contains("logical_cores"));
}

TEST(LsCommand, UnknownFilterValuesAndMissingDatabaseExitTwo) {
  ScratchDir dir;
  auto missing = run_perfwatch({"ls", "projects"}, dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("perfwatch.duckdb: no perfwatch database"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
  store_two_reports(dir);
  for (const auto& [flag, value] :
       std::vector<std::pair<std::string, std::string>>{{"--project", "nope"},
                                                        {"--branch", "nope"},
                                                        {"--testbed", "nope"},
                                                        {"--report", "ffff"}}) {
    auto result = run_perfwatch({"ls", "metrics", flag, value}, dir.path());
    EXPECT_EQ(result.exit_code, 2) << flag;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(flag + ": no "), std::string::npos) << result.err;
  }
  auto bad_format = run_perfwatch({"ls", "metrics", "--format", "xml"}, dir.path());
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("--format"), std::string::npos);
}

}  // namespace
}  // namespace perfwatch
