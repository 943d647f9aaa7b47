#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// Flags that keep runs short: no timing is asserted anywhere.
const std::vector<std::string> kFast = {"--warmup", "0", "--runs", "3", "--sample-interval", "5"};

std::vector<std::string> with(std::vector<std::string> args,
                              const std::vector<std::string>& more = kFast) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::string sql(const std::filesystem::path& dir, const std::string& query,
                const std::string& db = "perfwatch.duckdb") {
  auto result = run_perfwatch({"--db", db, "sql", query}, dir);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

const char* kSuite = R"(
[suite]
name = "cli"

[[benchmark]]
name = "noop"
command = ["true"]

[[benchmark]]
name = "nap"
command = "sleep {seconds}"
matrix = { seconds = [0.01, 0.02] }
)";

TEST(RunCommand, RunsTheSuiteStoresOneReportAndWritesAReceipt) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", kSuite);
  auto result = run_perfwatch(with({"run", "--out", "perf.json", "--commit", "abc"}), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  EXPECT_NE(result.out.find("stored report"), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("[3/3] nap/seconds=0.02"), std::string::npos) << result.err;
  EXPECT_EQ(
      sql(dir.path(), "SELECT count(*) AS n, max(adapter) AS a, max(profile) AS p FROM report"),
      "n\ta\tp\n1\trunner\tstandard\n");
  EXPECT_EQ(sql(dir.path(),
                "SELECT b.name, b.params, m.n, len(m.samples) AS k FROM metric m JOIN benchmark b "
                "ON b.id = m.benchmark JOIN measure s ON s.id = m.measure WHERE s.slug = "
                "'latency' ORDER BY b.name, b.params"),
            "name\tparams\tn\tk\nnap\t{\"seconds\":0.01}\t3\t3\nnap\t{\"seconds\":0.02}\t3\t3\n"
            "noop\t{}\t3\t3\n");
  // peak_rss too (see PeakRssIsTheCommandsOwn).
  EXPECT_EQ(sql(dir.path(),
                "SELECT string_agg(slug, ',' ORDER BY slug) AS s FROM measure WHERE slug <> "
                "'peak_rss'"),
            "s\ncpu_time,latency,system_time,user_time\n");
  // Each run of `sleep 0.02` takes at least its 20 ms: samples are real wall times.
  EXPECT_EQ(sql(dir.path(),
                "SELECT bool_and(m.lower >= 2e7) AS slow_enough FROM metric m JOIN benchmark b ON "
                "b.id = m.benchmark JOIN measure s ON s.id = m.measure WHERE s.slug = 'latency' "
                "AND b.params = '{\"seconds\":0.02}'"),
            "slow_enough\ntrue\n");
  const auto receipt = nlohmann::json::parse(testing::read_file(dir / "perf.json"));
  EXPECT_EQ(receipt["perfwatch_receipt"], 1);
  ASSERT_EQ(receipt["benchmarks"].size(), 3u);
  const auto& noop = receipt["benchmarks"][0];
  EXPECT_EQ(noop["id"], "noop");
  EXPECT_EQ(noop["status"], "ok");
  EXPECT_EQ(noop["runs"], 3);
  for (const char* field : {"mean", "median", "stddev", "min", "max", "p50", "p95", "p99", "mad"}) {
    EXPECT_TRUE(noop["statistics"]["latency"].contains(field)) << field;
  }
  EXPECT_EQ(receipt["context"]["commit"], "abc");
}

TEST(RunCommand, ReceiptIngestsBackWithoutLoss) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"(
[[benchmark]]
name = "nap"
command = ["sleep", "0.03"]
[[benchmark]]
name = "broken"
command = ["sh", "-c", "echo broken pipe >&2; exit 4"]
)");
  auto run = run_perfwatch(
      with({"run", "--out", "perf.json", "--commit", "abc", "--db", "run.duckdb"}), dir.path());
  ASSERT_EQ(run.exit_code, 1) << run.err;
  auto ingest = run_perfwatch({"--db", "ingested.duckdb", "ingest", "perf.json", "--commit", "abc"},
                              dir.path());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("perfwatch_receipt"), std::string::npos) << ingest.out;
  const std::string metrics =
      "SELECT b.name, b.params, s.slug, s.units, s.direction, m.value, m.lower, m.upper, m.n, "
      "m.samples FROM metric m JOIN benchmark b ON b.id = m.benchmark JOIN measure s ON s.id = "
      "m.measure ORDER BY ALL";
  const std::string failures =
      "SELECT b.name, f.run_index, f.exit_code, f.term_signal, f.timed_out, f.stderr_tail FROM "
      "run_failure f JOIN benchmark b ON b.id = f.benchmark ORDER BY ALL";
  const std::string resources =
      "SELECT b.name, r.t_ms, r.cpu_percent, r.rss_bytes FROM resource_sample r JOIN benchmark b "
      "ON b.id = r.benchmark ORDER BY ALL";
  const std::string report = "SELECT id, project, adapter, content_hash FROM report ORDER BY ALL";
  EXPECT_EQ(sql(dir.path(), metrics, "run.duckdb"), sql(dir.path(), metrics, "ingested.duckdb"));
  EXPECT_EQ(sql(dir.path(), failures, "run.duckdb"), sql(dir.path(), failures, "ingested.duckdb"));
  EXPECT_EQ(sql(dir.path(), resources, "run.duckdb"),
            sql(dir.path(), resources, "ingested.duckdb"));
  EXPECT_NE(sql(dir.path(), failures, "run.duckdb").find("broken pipe"), std::string::npos);
  const auto resource_rows = sql(dir.path(), resources, "run.duckdb");
  EXPECT_GT(std::count(resource_rows.begin(), resource_rows.end(), '\n'), 2) << resource_rows;
  // Same commit, project and content: the receipt ingested into the run's own database is the
  // report already stored.
  auto again =
      run_perfwatch({"--db", "run.duckdb", "ingest", "perf.json", "--commit", "abc"}, dir.path());
  EXPECT_NE(again.out.find("already stored"), std::string::npos) << again.out << again.err;
}

TEST(RunCommand, FailedBenchmarkIsRecordedWithStderrAndOthersGoOn) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"(
[[benchmark]]
name = "fails"
shell = true
command = "echo something went wrong >&2; exit 3"
[[benchmark]]
name = "works"
command = "true"
)");
  auto result = run_perfwatch(with({"run"}), dir.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("run: exit code 3"), std::string::npos) << result.out;
  EXPECT_EQ(
      sql(dir.path(),
          "SELECT b.name, f.run_index, f.exit_code, f.timed_out, f.stderr_tail FROM "
          "run_failure f JOIN benchmark b ON b.id = f.benchmark"),
      "name\trun_index\texit_code\ttimed_out\tstderr_tail\nfails\t0\t3\tfalse\tsomething went "
      "wrong\n\n");
  EXPECT_EQ(sql(dir.path(),
                "SELECT b.name, count(*) AS n FROM metric m JOIN benchmark b ON b.id = m.benchmark "
                "JOIN measure s ON s.id = m.measure WHERE s.slug <> 'peak_rss' GROUP BY b.name"),
            "name\tn\nworks\t4\n");

  ScratchDir fast;
  testing::write_file(fast / "perfwatch.toml", testing::read_file(dir / "perfwatch.toml"));
  auto stopped = run_perfwatch(with({"run", "--fail-fast", "--no-store"}), fast.path());
  EXPECT_EQ(stopped.exit_code, 1);
  EXPECT_EQ(stopped.err.find("works"), std::string::npos) << stopped.err;
  EXPECT_FALSE(std::filesystem::exists(fast / "perfwatch.duckdb"));
}

TEST(RunCommand, PeakRssIsTheCommandsOwn) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"toml(
[[benchmark]]
name = "big"
command = ["python3", "-c", "b = bytearray(100 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"]
[[benchmark]]
name = "small"
command = ["true"]
)toml");
  auto result = run_perfwatch(with({"run", "--no-store", "--format", "json"}), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto receipt = nlohmann::json::parse(result.out);
  const auto& big = receipt["benchmarks"][0]["statistics"]["peak_rss"];
  EXPECT_GE(big["min"].get<double>(), 100.0 * 1024 * 1024);
  EXPECT_LT(big["max"].get<double>(), 300.0 * 1024 * 1024);
  // `true` gets its own few hundred KiB, not perfwatch's ~25 MiB (runner/spawn_helper).
  const auto& small = receipt["benchmarks"][1]["statistics"]["peak_rss"];
  EXPECT_GT(small["min"].get<double>(), 0.0);
  EXPECT_LT(small["max"].get<double>(), 8.0 * 1024 * 1024);
}

TEST(RunCommand, TimeoutIsAFailureAndKillsTheRun) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"hangs\"\ncommand = \"sleep 30\"\n");
  auto result = run_perfwatch(with({"run", "--timeout", "0.2"}), dir.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("timed out after 0.2 s"), std::string::npos) << result.out;
  EXPECT_EQ(sql(dir.path(), "SELECT timed_out, term_signal FROM run_failure"),
            "timed_out\tterm_signal\ntrue\t9\n");
}

// Whether a process is still running (a zombie or a reaped process is not).
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto state = text.rfind(") ");
  return state != std::string::npos && text[state + 2] != 'Z';
}

TEST(RunCommand, InterruptEndsTheRunningCommandToo) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"long\"\n"
                      "command = [\"sh\", \"-c\", \"echo $$ > pid.txt; exec sleep 30\"]\n");
  const pid_t perfwatch = fork();
  if (perfwatch == 0) {
    if (chdir(dir.path().c_str()) == 0) {
      execl(PERFWATCH_BINARY, "perfwatch", "run", "--no-store", "-q", "--runs", "1", "--warmup",
            "0", static_cast<char*>(nullptr));
    }
    _exit(127);
  }
  std::string pid_text;
  for (int tries = 0; tries < 500 && pid_text.size() < 2; ++tries) {
    usleep(10'000);
    if (std::filesystem::exists(dir / "pid.txt")) pid_text = testing::read_file(dir / "pid.txt");
  }
  ASSERT_GE(pid_text.size(), 2u) << "the command did not start";
  const pid_t command = std::stoi(pid_text);
  usleep(50'000);  // let sh exec sleep
  kill(perfwatch, SIGINT);
  int status = 0;
  waitpid(perfwatch, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
  bool alive = true;
  for (int tries = 0; tries < 200 && alive; ++tries) {
    alive = running(command);
    if (alive) usleep(10'000);
  }
  EXPECT_FALSE(alive) << "sleep outlived perfwatch";
}

TEST(RunCommand, BadSuiteExitsTwoWithOneLineAndWritesNothing) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"a\"\ncommand = [\"true\"\nruns = 3\n");
  auto result = run_perfwatch({"run"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find("perfwatch.toml: line "), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));

  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"a\"\ncommand = \"true\"\nrepeat = 3\n");
  result = run_perfwatch({"run"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("perfwatch.toml: line 4, column 10: unknown key 'repeat'"),
            std::string::npos)
      << result.err;
  testing::write_file(dir / "perfwatch.toml", "[[benchmark]]\nname = \"a\"\ncommand = \"true\"\n");
  for (const auto& flags : std::vector<std::vector<std::string>>{{"--shard", "3/2"},
                                                                 {"--profile", "huge"},
                                                                 {"--runs", "0"},
                                                                 {"--param", "x=1"},
                                                                 {"--measure", "cycles"},
                                                                 {"--suite", "missing.toml"},
                                                                 {"--filter", "zzz"}}) {
    auto bad = run_perfwatch(with({"run"}, flags), dir.path());
    EXPECT_EQ(bad.exit_code, 2) << flags[0];
    EXPECT_NE(bad.err.find(flags[0] == "--filter"  ? "no benchmark"
                           : flags[0] == "--suite" ? "missing.toml"
                                                   : flags[0]),
              std::string::npos)
        << bad.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

TEST(RunCommand, DryRunListsTheSelectionAndRunsNothing) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"(
[[benchmark]]
name = "work"
command = ["touch", "ran-{n}"]
matrix = { n = [1, 2, 3, 4, 5] }
)");
  auto result =
      run_perfwatch({"run", "--dry-run", "--param", "n=1,2,3,4", "--shard", "2/2"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("work/n=2"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("touch ran-4"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("work/n=1"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("2 benchmarks would run"), std::string::npos) << result.out;
  auto json =
      run_perfwatch({"run", "--dry-run", "--format", "json", "--filter", "n=5"}, dir.path());
  const auto listed = nlohmann::json::parse(json.out);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["params"]["n"], 5);
  EXPECT_FALSE(std::filesystem::exists(dir / "ran-1"));
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

TEST(RunCommand, HarnessOutputIsReadByItsAdapterWithTheMatrixParameters) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"(
[[benchmark]]
name = "harness"
shell = true
command = "printf '{\"parse\": {\"latency\": {\"value\": %s}}}' {cost}"
adapter = "bmf"
matrix = { cost = [5, 7] }
[[benchmark]]
name = "to-file"
command = ["sh", "-c", "printf '{\"emit\": {\"latency\": {\"value\": 9}}}' > out.json"]
setup = ["sh", "-c", "echo ready > setup.done"]
teardown = ["sh", "-c", "echo done > teardown.done"]
adapter = "auto"
output = "out.json"
)");
  auto result = run_perfwatch(with({"run", "--format", "json"}), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["benchmarks"].size(), 3u);
  EXPECT_EQ(
      sql(dir.path(),
          "SELECT b.name, b.params, m.value FROM metric m JOIN benchmark b ON b.id = "
          "m.benchmark ORDER BY ALL"),
      "name\tparams\tvalue\nemit\t{}\t9.0\nparse\t{\"cost\":5}\t5.0\nparse\t{\"cost\":7}\t7.0\n");
  EXPECT_TRUE(std::filesystem::exists(dir / "setup.done"));
  EXPECT_TRUE(std::filesystem::exists(dir / "teardown.done"));
}

TEST(RunCommand, CountersModeRunsWithANoteWhenTheKernelRefuses) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", "[[benchmark]]\nname = \"t\"\ncommand = \"true\"\n");
  auto result = run_perfwatch(with({"run", "--measure", "counters", "--no-store"}), dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Either counters were measured or the note says why not.
  const bool noted = result.err.find("hardware counters unavailable") != std::string::npos;
  auto receipt = run_perfwatch(
      with({"run", "--measure", "counters", "--no-store", "-q", "--format", "json"}), dir.path());
  const auto metrics = nlohmann::json::parse(receipt.out)["benchmarks"][0]["metrics"];
  bool has_instructions = false;
  for (const auto& metric : metrics) has_instructions |= metric["measure"] == "instructions";
  EXPECT_NE(noted, has_instructions) << result.err;
}

TEST(RunCommand, InstructionsModeCountsWithCallgrind) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", "[[benchmark]]\nname = \"t\"\ncommand = \"true\"\n");
  auto result = run_perfwatch({"run", "--measure", "instructions", "--no-store", "--format", "json",
                               "--sample-interval", "0"},
                              dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto benchmark = nlohmann::json::parse(result.out)["benchmarks"][0];
  ASSERT_EQ(benchmark["metrics"].size(), 1u) << benchmark.dump();
  EXPECT_EQ(benchmark["metrics"][0]["measure"], "instructions");
  EXPECT_GT(benchmark["metrics"][0]["value"].get<double>(), 1000);
  EXPECT_EQ(benchmark["mode"], "instructions");
}

}  // namespace
}  // namespace perfwatch
