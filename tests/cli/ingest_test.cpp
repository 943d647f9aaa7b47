#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

TEST(IngestCommand, StoresFixtureAndSkipsItTheSecondTime) {
  ScratchDir dir;
  const auto file = testing::fixture("bmf/report_latency.json").string();
  auto first = run_perfwatch({"ingest", file, "--commit", "abc"}, dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("stored report"), std::string::npos);
  auto second = run_perfwatch({"ingest", file, "--commit", "abc"}, dir.path());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("already stored"), std::string::npos);
  auto rows = run_perfwatch({"sql", "SELECT count(*) AS n FROM metric"}, dir.path());
  EXPECT_EQ(rows.out, "n\n3\n");
}

// ingest leaves DuckDB open to its end without closing it (StoreSession::leave_open_until_exit),
// having checkpointed first: the file alone, as CI keeps it between jobs, holds every report.
TEST(IngestCommand, TheDatabaseFileAloneHoldsWhatWasStored) {
  ScratchDir dir;
  ScratchDir elsewhere;
  const auto file = testing::fixture("bmf/report_latency.json").string();
  ASSERT_EQ(run_perfwatch({"ingest", file, "--commit", "abc"}, dir.path()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb.wal"));
  std::filesystem::copy_file(dir / "perfwatch.duckdb", elsewhere / "perfwatch.duckdb");
  EXPECT_EQ(run_perfwatch({"sql", "SELECT count(*) AS n FROM metric"}, elsewhere.path()).out,
            "n\n3\n");
  // The lock went with the process: the next ingest writes at once.
  auto again =
      run_perfwatch({"ingest", "-"}, dir.path(), {}, R"({"b": {"latency": {"value": 5}}})");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb.wal"));
}

TEST(IngestCommand, ReadsStandardInputAndHonoursPerfwatchDb) {
  ScratchDir dir;
  const auto db = (dir / "elsewhere.duckdb").string();
  auto result = run_perfwatch({"ingest", "-"}, dir.path(), {{"PERFWATCH_DB", db}},
                              R"({"b": {"latency": {"value": 5}}})");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::exists(db));
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

TEST(IngestCommand, MalformedInputExitsTwoWithOneLineAndWritesNothing) {
  ScratchDir dir;
  testing::write_file(dir / "good.json", R"({"b": {"latency": {"value": 5}}})");
  ASSERT_EQ(run_perfwatch({"ingest", "good.json"}, dir.path()).exit_code, 0);
  testing::write_file(dir / "bad.json",
                      "{\"a\": {\"latency\": {\"value\": 1}},\n \"b\": {\"latency\": {\"value\": ");
  auto result = run_perfwatch({"ingest", "bad.json"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("bad.json: line 2"), std::string::npos) << result.err;
  auto rows = run_perfwatch({"sql", "SELECT count(*) AS n FROM metric"}, dir.path());
  EXPECT_EQ(rows.out, "n\n1\n");
}

// The database is opened while the file is hashed, before the parse finds what is wrong in it:
// the new file is removed again, but a database that was there, or that got a report from an
// earlier file of the same command, stays.
TEST(IngestCommand, RefusedInputLeavesNoNewDatabaseFile) {
  ScratchDir dir;
  testing::write_file(dir / "typed.json", R"({"b": {"latency": {"value": "fast"}}})");
  auto refused = run_perfwatch({"ingest", "typed.json"}, dir.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_NE(refused.err.find("typed.json:"), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb.wal"));

  testing::write_file(dir / "good.json", R"({"b": {"latency": {"value": 5}}})");
  auto good_then_bad = run_perfwatch({"ingest", "good.json", "typed.json"}, dir.path());
  EXPECT_EQ(good_then_bad.exit_code, 2);
  auto rows = run_perfwatch({"sql", "SELECT count(*) AS n FROM metric"}, dir.path());
  EXPECT_EQ(rows.out, "n\n1\n") << "the first file's report stays";
  EXPECT_EQ(run_perfwatch({"ingest", "typed.json"}, dir.path()).exit_code, 2);
  EXPECT_TRUE(std::filesystem::exists(dir / "perfwatch.duckdb")) << "a database that was there";
}

TEST(IngestCommand, UnknownFormatAndUnknownAdapterAreInputErrors) {
  ScratchDir dir;
  testing::write_file(dir / "plain.txt", "hello\n");
  auto unknown_format = run_perfwatch({"ingest", "plain.txt"}, dir.path());
  EXPECT_EQ(unknown_format.exit_code, 2);
  EXPECT_NE(unknown_format.err.find("plain.txt: format not recognised"), std::string::npos);
  auto unknown_adapter = run_perfwatch({"ingest", "--adapter", "nope", "plain.txt"}, dir.path());
  EXPECT_EQ(unknown_adapter.exit_code, 2);
  EXPECT_NE(unknown_adapter.err.find("--adapter: unknown adapter 'nope'"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

TEST(IngestCommand, CriterionFolderIsOneReport) {
  ScratchDir dir;
  const auto folder = testing::fixture("criterion_directory").string();
  auto first = run_perfwatch({"ingest", folder, "--commit", "abc"}, dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("(7 metrics, criterion)"), std::string::npos) << first.out;
  auto second = run_perfwatch({"ingest", folder, "--commit", "abc"}, dir.path());
  EXPECT_NE(second.out.find("already stored"), std::string::npos) << second.out;
  auto rows = run_perfwatch(
      {"sql", "SELECT count(*) AS reports, max(adapter) AS adapter FROM report"}, dir.path());
  EXPECT_EQ(rows.out, "reports\tadapter\n1\tcriterion\n");
}

TEST(IngestCommand, OtherFolderGivesAReportPerRecognisedFile) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "results/nested");
  std::filesystem::copy_file(testing::fixture("bmf/report_latency.json"), dir / "results/a.json");
  std::filesystem::copy_file(testing::fixture("jmh/latency.json"), dir / "results/nested/b.json");
  testing::write_file(dir / "results/notes.txt", "not results\n");
  auto result = run_perfwatch({"ingest", "results"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("notes.txt: skipped"), std::string::npos) << result.err;
  auto rows = run_perfwatch({"sql", "SELECT adapter FROM report ORDER BY source"}, dir.path());
  EXPECT_EQ(rows.out, "adapter\nbmf\njmh\n");
}

TEST(IngestCommand, MalformedCriterionFolderExitsTwoAndWritesNothing) {
  ScratchDir dir;
  std::filesystem::copy(testing::fixture("criterion_directory"), dir / "criterion",
                        std::filesystem::copy_options::recursive);
  testing::write_file(dir / "criterion/sum/u64x1000/new/sample.json", R"({"iters": [1, 2]})");
  auto result = run_perfwatch({"ingest", "criterion"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("sample.json: at times: expected an array"), std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb")) << "nor a new empty database";
}

TEST(Cli, BadFlagExitsTwo) {
  ScratchDir dir;
  auto result = run_perfwatch({"ingest", "--no-such-flag", "x"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--no-such-flag"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace perfwatch
