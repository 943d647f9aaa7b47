// The commands that store reports (ingest, run, run --confirm-suspects, merge), `sql` and the
// model commands (scaling, predict, recommend, insights) on each store: the DuckDB file of --db and
// a PostgreSQL database of --postgres. Bad input exits 2 and leaves the store as it was.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "store_under_test.hpp"
#include "support/confirm_suspects_suite.hpp"
#include "support/test_support.hpp"
#include "support/throughput_receipt.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

class StoreCommands : public testing::OnEachStore {
 protected:
  // `perfwatch merge SOURCES` into this test's store.
  testing::CommandResult merge(std::vector<std::string> sources) const {
    sources.insert(sources.begin(), "merge");
    if (on_postgres()) {
      sources.insert(sources.end(), {"--postgres", postgres_url()});
    } else {
      sources.insert(sources.end(), {"-o", "store.duckdb"});
    }
    return run_perfwatch(sources, dir.path());
  }

  // Stores `bmf` (Bencher Metric Format) as a report of project demo, testbed ci.
  testing::CommandResult ingest(const std::string& bmf, const std::string& branch,
                                const std::string& commit) const {
    testing::write_file(dir / "r.json", bmf);
    return perfwatch({"ingest", "--project", "demo", "--branch", branch, "--testbed", "ci",
                      "--commit", commit, "r.json"});
  }
};

INSTANTIATE_ON_EACH_STORE(StoreCommands);

TEST_P(StoreCommands, IngestStoresEachReportOnceAndABadFileNotAtAll) {
  const auto stored = ingest(R"({"parse": {"latency": {"value": 12.5}}})", "main", "c1");
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.out.find("r.json: stored report "), std::string::npos) << stored.out;
  const auto again = ingest(R"({"parse": {"latency": {"value": 12.5}}})", "main", "c1");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already stored as report"), std::string::npos) << again.out;

  // The first benchmark reads well, the second does not: nothing of the file is stored.
  const auto bad =
      ingest(R"({"parse": {"latency": {"value": 13}}, "emit": {"latency": {"value": "fast"}}})",
             "main", "c2");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_NE(bad.err.find("r.json"), std::string::npos) << bad.err;
  EXPECT_EQ(query("SELECT count(*) AS reports FROM report"), "reports\n1\n");
  EXPECT_EQ(
      query("SELECT count(*) AS metrics, CAST(sum(value) * 10 AS BIGINT) AS total FROM metric"),
      "metrics\ttotal\n1\t125\n");

  const auto both = perfwatch({"ingest", "--server", "http://127.0.0.1:1", "r.json"});
  EXPECT_EQ(both.exit_code, 2);
  if (on_postgres()) {
    EXPECT_NE(both.err.find("--server: not with --postgres"), std::string::npos) << both.err;
  }
}

TEST_P(StoreCommands, SqlReadsTheStoreAndWritesOnlyWithWrite) {
  ASSERT_EQ(ingest(R"({"parse": {"latency": {"value": 12.5}}})", "main", "c1").exit_code, 0);
  const auto read = perfwatch({"sql", "SELECT slug, name FROM project"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_EQ(read.out, "slug\tname\ndemo\tdemo\n");
  const auto refused = perfwatch({"sql", "UPDATE project SET name = 'x'"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err.rfind("perfwatch: error: sql: ", 0), 0u) << refused.err;
  EXPECT_EQ(perfwatch({"sql", "--write", "UPDATE project SET name = 'x'"}).exit_code, 0);
  EXPECT_EQ(query("SELECT name FROM project"), "name\nx\n");
}

TEST_P(StoreCommands, RunConfirmsSuspectsAgainstTheStoreAndStoresItsReportThere) {
  // The history and suite of support/confirm_suspects_suite.hpp, in the store.
  for (int commit = 0; commit < testing::kConfirmHistoryReports; ++commit) {
    const auto stored =
        ingest(testing::confirm_history_bmf(commit), "main", fmt::format("c{}", commit));
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  testing::write_file(dir / "perfwatch.toml", testing::kConfirmSuspectsSuite);
  // A first run at 140 ns is suspect; its re-runs at 100 and 101 take it back.
  testing::write_file(dir / "values", "140\n100\n101\n99\n");
  const auto run = perfwatch({"run", "--branch", "main", "--testbed", "ci", "--commit", "c8",
                              "--sample-interval", "0", "--confirm-suspects"});
  ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
  EXPECT_NE(run.out.find("confirm-suspects: parse was suspect: latency (+40.0% against "),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("re-run 2 times: no longer suspect"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("stored report "), std::string::npos) << run.out;
  EXPECT_EQ(query("SELECT count(*) AS reports FROM report WHERE adapter = 'runner'"),
            "reports\n1\n");
  // The pooled value, the median of the three runs' samples.
  EXPECT_EQ(query("SELECT CAST(x.value AS BIGINT) AS latency FROM metric x JOIN report r ON "
                  "r.id = x.report JOIN benchmark b ON b.id = x.benchmark WHERE "
                  "r.adapter = 'runner' AND b.name = 'parse'"),
            "latency\n101\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

// `run` on a suite of a benchmark that succeeds and one that fails, into a DuckDB file of its own:
// a report with metrics, samples and failed runs.
void run_into(const ScratchDir& dir, const std::string& database, const std::string& commit) {
  testing::write_file(dir / "perfwatch.toml", R"(
[suite]
project = "demo"

[[benchmark]]
name = "noop"
command = ["true"]

[[benchmark]]
name = "broken"
command = ["false"]
)");
  const auto run =
      run_perfwatch({"--db", database, "run", "--branch", "main", "--testbed", "ci", "--commit",
                     commit, "--warmup", "0", "--runs", "3", "--sample-interval", "5", "-q"},
                    dir.path());
  ASSERT_EQ(run.exit_code, 1) << run.err;  // the broken benchmark failed
}

TEST_P(StoreCommands, MergeCopiesADuckdbFileIntoTheStoreOnce) {
  // The store already holds names of its own, so that the file's ids are not the store's.
  ASSERT_EQ(ingest(R"({"first": {"size": {"value": 1}}})", "other", "c0").exit_code, 0);
  run_into(dir, "job.duckdb", "c1");
  run_into(dir, "job.duckdb", "c2");

  const auto merged = merge({"job.duckdb"});
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("merged 1 databases: 2 reports added ("), std::string::npos)
      << merged.out;
  // Every value, sample, time and id of the file, as the file holds them.
  const auto exported = [&](const std::vector<std::string>& where) {
    std::vector<std::string> args = {"export", "--format", "csv", "--branch", "main"};
    args.insert(args.begin(), where.begin(), where.end());
    const auto csv = where.empty() ? perfwatch(args) : run_perfwatch(args, dir.path());
    EXPECT_EQ(csv.exit_code, 0) << csv.err;
    return csv.out;
  };
  const auto from_file = exported({"--db", "job.duckdb"});
  EXPECT_NE(from_file.find(",noop,"), std::string::npos) << from_file;
  EXPECT_EQ(exported({}), from_file);
  EXPECT_EQ(query("SELECT count(*) AS failed FROM run_failure"),
            testing::query_text((dir / "job.duckdb").string(), "",
                                "SELECT count(*) AS failed FROM run_failure"));
  EXPECT_NE(query("SELECT count(*) AS failed FROM run_failure"), "failed\n0\n");

  const auto again = merge({"job.duckdb"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 reports added (0 metrics), 2 already present"), std::string::npos)
      << again.out;
  EXPECT_EQ(query("SELECT count(*) AS reports FROM report"), "reports\n3\n");
}

TEST_P(StoreCommands, MergeOfAConflictingFileChangesNothing) {
  ASSERT_EQ(ingest(R"({"parse": {"size": {"value": 10}}})", "main", "c0").exit_code, 0);
  // A good file, then one whose measure `size` has other units than the store's.
  testing::write_file(dir / "good.json", R"({"parse": {"latency": {"value": 5}}})");
  testing::write_file(dir / "odd.json", R"({"parse": {"size": {"value": 10}}})");
  for (const auto& [file, commit] : {std::pair{"good", "c1"}, {"odd", "c2"}}) {
    ASSERT_EQ(run_perfwatch(
                  {"--db", std::string(file) + ".duckdb", "ingest", "--project", "demo", "--branch",
                   "main", "--testbed", "ci", "--commit", commit, std::string(file) + ".json"},
                  dir.path())
                  .exit_code,
              0);
  }
  ASSERT_EQ(run_perfwatch({"--db", "odd.duckdb", "sql", "--write",
                           "UPDATE measure SET units = 'bytes' WHERE slug = 'size'"},
                          dir.path())
                .exit_code,
            0);
  const auto before = query("SELECT count(*) AS reports FROM report");
  const auto merged = merge({"good.duckdb", "odd.duckdb"});
  EXPECT_EQ(merged.exit_code, 2) << merged.err;
  EXPECT_EQ(std::count(merged.err.begin(), merged.err.end(), '\n'), 1) << merged.err;
  EXPECT_NE(merged.err.find("odd.duckdb: measure 'size' of project 'demo' is bytes"),
            std::string::npos)
      << merged.err;
  EXPECT_EQ(query("SELECT count(*) AS reports FROM report"), before);
  EXPECT_EQ(query("SELECT count(*) AS measures FROM measure"), "measures\n1\n");

  const auto missing = merge({"good.duckdb", "missing.duckdb"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing.duckdb: no such database file"), std::string::npos)
      << missing.err;
  EXPECT_EQ(query("SELECT count(*) AS reports FROM report"), before);
}

// On PostgreSQL only: on the DuckDB file the reference would be the store itself (the model
// commands' own tests are tests/cli/model_commands_test.cpp).
TEST(StoreCommandsOnPostgres, ModelCommandsAnswerAsOnADuckdbFile) {
  const testing::StoreUnderTest store(testing::Backend::postgres);
  const auto& dir = store.dir;
  // Throughput of three benchmarks over batch sizes on three testbeds, in the store and in a
  // DuckDB file of reference.
  for (int testbed = 0; testbed < 3; ++testbed) {
    std::vector<testing::ThroughputCell> cells;
    for (int benchmark = 0; benchmark < 3; ++benchmark) {
      for (const double batch : {1, 2, 4, 8, 16}) {
        if (benchmark == 1 && testbed == 2 && batch == 4) continue;  // a cell to predict
        cells.push_back(
            {fmt::format("bench{}", benchmark), batch,
             (100 + 40 * benchmark) * (1 + testbed) * batch / (1 + batch / (4 + benchmark))});
      }
    }
    const auto file = fmt::format("tb{}.json", testbed);
    testing::write_file(dir / file, testing::throughput_receipt(cells).dump());
    const std::vector<std::string> ingest_args = {
        "ingest", "--adapter", "perfwatch_receipt",          "--project", "demo", "--branch",
        "main",   "--testbed", fmt::format("tb{}", testbed), file};
    ASSERT_EQ(store.perfwatch(ingest_args).exit_code, 0);
    auto reference = ingest_args;
    reference.insert(reference.begin(), {"--db", "reference.duckdb"});
    ASSERT_EQ(run_perfwatch(reference, dir.path()).exit_code, 0);
  }
  testing::write_file(dir / "costs.toml",
                      "[testbed.tb0]\ncost_per_hour = 1.0\n[testbed.tb1]\ncost_per_hour = 1.5\n"
                      "[testbed.tb2]\ncost_per_hour = 5.0\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"scaling", "--format", "json"},
           {"predict", "--format", "json"},
           {"recommend", "--benchmark", "bench1", "--objective",
            "throughput >= 400 at batch_size = 4", "--config", "costs.toml", "--format", "json"},
           {"insights", "--format", "json"}}) {
    SCOPED_TRACE(args.front());
    auto reference_args = args;
    reference_args.insert(reference_args.begin(), {"--db", "reference.duckdb"});
    const auto reference = run_perfwatch(reference_args, dir.path());
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const auto answer = store.perfwatch(args);
    ASSERT_EQ(answer.exit_code, 0) << answer.err;
    EXPECT_EQ(answer.out, reference.out);
    EXPECT_NE(answer.out, "[]\n");
  }
  const auto unknown = store.perfwatch({"predict", "--project", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--project: no project 'nope'"), std::string::npos) << unknown.err;
}

TEST(StoreCommandsOnPostgres, AnUnreachableDatabaseIsBadInputAndNothingRuns) {
  ScratchDir dir;
  testing::write_file(dir / "r.json", R"({"parse": {"latency": {"value": 1}}})");
  testing::write_file(dir / "perfwatch.toml",
                      "[suite]\nname = \"s\"\n[[benchmark]]\nname = \"mark\"\n"
                      "command = [\"touch\", \"ran\"]\n");
  ASSERT_EQ(run_perfwatch({"--db", "other.duckdb", "ingest", "r.json"}, dir.path()).exit_code, 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"ingest", "r.json"},
           {"run", "--runs", "1", "--warmup", "0"},
           {"merge", "other.duckdb"},
           {"scaling"},
           {"predict"},
           {"recommend", "--objective", "throughput >= 400 at batch_size = 4"},
           {"insights"}}) {
    const auto result =
        run_perfwatch(args, dir.path(), {{"PERFWATCH_POSTGRES", "postgresql://127.0.0.1:1/x"}});
    EXPECT_EQ(result.exit_code, 2) << args.front() << ": " << result.err;
    EXPECT_NE(result.err.find("--postgres"), std::string::npos) << args.front() << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
  EXPECT_FALSE(std::filesystem::exists(dir / "ran"));
}

}  // namespace
}  // namespace perfwatch
