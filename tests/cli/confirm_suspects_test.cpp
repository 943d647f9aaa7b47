// perfwatch run --confirm-suspects on the DuckDB file, with the suite and history of
// support/confirm_suspects_suite.hpp: each run prints the next latency of a file the test writes.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/confirm_suspects_suite.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// The eight earlier reports of main on testbed ci, and the suite, in perfwatch.toml.
void store_history(const ScratchDir& dir) {
  for (int commit = 0; commit < testing::kConfirmHistoryReports; ++commit) {
    const auto file = fmt::format("h{}.json", commit);
    testing::write_file(dir / file, testing::confirm_history_bmf(commit));
    auto stored = run_perfwatch({"ingest", "--project", "demo", "--branch", "main", "--testbed",
                                 "ci", "--commit", fmt::format("c{}", commit), file},
                                dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  testing::write_file(dir / "perfwatch.toml", testing::kConfirmSuspectsSuite);
}

testing::CommandResult run_with(const ScratchDir& dir, const std::string& values,
                                std::vector<std::string> extra) {
  testing::write_file(dir / "values", values);
  std::vector<std::string> args = {
      "run", "--branch", "main", "--testbed", "ci", "--commit", "c8", "--sample-interval", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_perfwatch(args, dir.path());
}

// The stored run's parse latency (value, samples) and notes.
struct StoredRun {
  double value = 0;
  nlohmann::json samples;
  nlohmann::json notes;
};

StoredRun stored_run(const ScratchDir& dir) {
  auto result = run_perfwatch(
      {"sql",
       "SELECT x.value, x.samples::VARCHAR, r.settings FROM metric x JOIN report r ON "
       "r.id = x.report JOIN benchmark b ON b.id = x.benchmark WHERE r.commit_hash = 'c8' AND "
       "b.name = 'parse'"},
      dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // A header line, then one row of tab-separated columns.
  const auto row_at = result.out.find('\n') + 1;
  const auto row = result.out.substr(row_at, result.out.find('\n', row_at) - row_at);
  const auto first_tab = row.find('\t');
  const auto second_tab = row.find('\t', first_tab + 1);
  if (second_tab == std::string::npos) {
    ADD_FAILURE() << result.out;
    return {};
  }
  const auto samples = row.substr(first_tab + 1, second_tab - first_tab - 1);
  return {std::stod(row.substr(0, first_tab)),
          samples == "NULL" ? nlohmann::json() : nlohmann::json::parse(samples),
          nlohmann::json::parse(row.substr(second_tab + 1))["notes"]};
}

std::size_t lines_of(const std::filesystem::path& file) {
  const auto text = testing::read_file(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ConfirmSuspects, ASpikeCostsReRunsNotARedBuild) {
  ScratchDir dir;
  store_history(dir);
  auto run = run_with(dir, "140\n100\n101\n99\n", {"--confirm-suspects"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("confirm-suspects: parse was suspect: latency (+40.0% against "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("re-run 2 times: no longer suspect"), std::string::npos) << run.out;
  EXPECT_EQ(lines_of(dir / "values"), 1u);       // the first run and two re-runs
  EXPECT_EQ(lines_of(dir / "steady.runs"), 1u);  // not suspect: not re-run

  const auto stored = stored_run(dir);
  EXPECT_EQ(stored.samples, nlohmann::json::array({140.0, 100.0, 101.0}));
  EXPECT_DOUBLE_EQ(stored.value, 101);  // the median: the level the verdict judges
  ASSERT_EQ(stored.notes.size(), 1u) << stored.notes;
  EXPECT_NE(stored.notes[0].get<std::string>().find("no longer suspect"), std::string::npos);

  auto check = run_perfwatch({"check", "--branch", "main"}, dir.path());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("0 suspect"), std::string::npos) << check.out;
}

// A CI shard stores into an empty database of its own and reads the history from another.
TEST(ConfirmSuspects, TheHistoryCanComeFromAnotherDatabase) {
  ScratchDir dir;
  store_history(dir);  // into perfwatch.duckdb
  const auto shard_run = [&](const std::string& db, std::vector<std::string> extra) {
    testing::write_file(dir / "values", "140\n100\n101\n99\n");
    std::vector<std::string> args = {
        "--db", db,         "run", "--branch",          "main", "--testbed",
        "ci",   "--commit", "c8",  "--sample-interval", "0",    "--confirm-suspects"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_perfwatch(args, dir.path());
  };
  auto alone = shard_run("shard-1.duckdb", {});
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_EQ(alone.out.find("was suspect"), std::string::npos) << "no history: " << alone.out;

  auto shard = shard_run("shard-2.duckdb", {"--confirm-history", "perfwatch.duckdb"});
  ASSERT_EQ(shard.exit_code, 0) << shard.err;
  EXPECT_NE(shard.out.find("confirm-suspects: parse was suspect"), std::string::npos) << shard.out;
  EXPECT_NE(shard.out.find("no longer suspect"), std::string::npos) << shard.out;
  auto reports =
      run_perfwatch({"--db", "shard-2.duckdb", "sql", "SELECT count(*) FROM report"}, dir.path());
  EXPECT_EQ(reports.out, "count_star()\n1\n");

  // A database URL is not a file that does not exist yet (which would judge nothing): refused
  // before anything runs.
  auto url = shard_run("shard-3.duckdb", {"--confirm-history", "postgresql://127.0.0.1/x"});
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_EQ(url.err.rfind("perfwatch: error: --confirm-history: a DuckDB file, not a URL", 0), 0u)
      << url.err;
  EXPECT_EQ(testing::read_file(dir / "values"), "140\n100\n101\n99\n") << "nothing ran";
  EXPECT_FALSE(std::filesystem::exists(dir / "shard-3.duckdb"));
}

TEST(ConfirmSuspects, WithoutTheFlagTheSpikeIsStoredAsItCame) {
  ScratchDir dir;
  store_history(dir);
  auto run = run_with(dir, "140\n100\n101\n99\n", {});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.find("confirm-suspects"), std::string::npos) << run.out;
  EXPECT_EQ(lines_of(dir / "values"), 3u);
  const auto stored = stored_run(dir);
  EXPECT_DOUBLE_EQ(stored.value, 140);
  auto check = run_perfwatch({"check", "--branch", "main", "--format", "json"}, dir.path());
  EXPECT_EQ(nlohmann::json::parse(check.out)["suspects"], 1) << check.out;
}

TEST(ConfirmSuspects, ARealChangeStaysSuspectAfterEveryReRun) {
  ScratchDir dir;
  store_history(dir);
  auto run = run_with(dir, "140\n141\n139\n142\n138\n", {"--confirm-suspects=3"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("re-run 3 times: still suspect: latency (+"), std::string::npos)
      << run.out;
  EXPECT_EQ(lines_of(dir / "values"), 1u);
  EXPECT_EQ(stored_run(dir).samples, nlohmann::json::array({140.0, 141.0, 139.0, 142.0}));
}

TEST(ConfirmSuspects, TheNumberOfReRunsIsABudget) {
  ScratchDir dir;
  store_history(dir);
  auto run = run_with(dir, "140\n100\n101\n99\n", {"--confirm-suspects=1"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The median of 140 and 100 is still beyond the limit.
  EXPECT_NE(run.out.find("re-run 1 time: still suspect"), std::string::npos) << run.out;
  EXPECT_EQ(lines_of(dir / "values"), 2u);
}

TEST(ConfirmSuspects, BadBudgetsAndLevelsAreInputErrors) {
  ScratchDir dir;
  store_history(dir);
  auto negative = run_with(dir, "100\n", {"--confirm-suspects", "--confirm-budget", "-1"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_NE(negative.err.find("--confirm-budget"), std::string::npos) << negative.err;
  auto word = run_with(dir, "100\n", {"--confirm-suspects=many"});
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_NE(word.err.find("--confirm-suspects"), std::string::npos) << word.err;
  auto level = run_with(dir, "100\n", {"--confirm-suspects", "--confirm-max-p", "0.5"});
  EXPECT_EQ(level.exit_code, 2);
  EXPECT_NE(level.err.find("--confirm-max-p"), std::string::npos) << level.err;
  EXPECT_EQ(lines_of(dir / "values"), 1u);  // nothing ran
}

}  // namespace
}  // namespace perfwatch
