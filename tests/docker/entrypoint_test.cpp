// docker/entrypoint.sh run directly (no Docker engine here), as the container would run it:
// in a project folder, with perfwatch on PATH and an output folder.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::ScratchDir;

const std::string entrypoint = std::string(PERFWATCH_SOURCE_DIR) + "/docker/entrypoint.sh";

class Entrypoint : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(dir_ / "project");
    write_suite("latency <= 10 s");
  }

  void write_suite(const std::string& objective, const std::string& extra = "") {
    testing::write_file(dir_ / "project/perfwatch.toml", R"([suite]
name = "box"

[[benchmark]]
name = "tick"
command = ["true"]

[[benchmark]]
name = "nap"
command = ["sleep", "0.01"]
)" + extra + R"(
[[slo]]
benchmark = "*"
objective = ")" + objective + "\"\n");
  }

  testing::CommandResult run(std::map<std::string, std::string> env = {}) {
    const auto binary_dir = std::filesystem::path(PERFWATCH_BINARY).parent_path().string();
    const char* path = std::getenv("PATH");
    env.insert({{"PATH", binary_dir + ":" + (path ? path : "")},
                {"OUTPUT_DIR", (dir_ / "output").string()},
                {"PERFWATCH_PROFILE", "quick"},
                {"GIT_COMMIT", "abc123"}});
    return run_command({"bash", entrypoint}, dir_ / "project", env);
  }

  ScratchDir dir_;
};

TEST_F(Entrypoint, PrintsTheSystemRunsWritesTheReceiptAndTheSloSummary) {
  auto result = run();
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  for (const char* line :
       {"==> Commit: abc123\n", "==> Compiler: ", "==> CPU: ", "==> Cores: ", "==> Kernel: Linux ",
        "==> SLO summary:\n", "==> All benchmarks ran; nothing failed\n"}) {
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  }
  ASSERT_TRUE(std::filesystem::exists(dir_ / "output/perf.json"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "output/perfwatch.duckdb"));
  // The receipt is what perfwatch ingest reads back.
  ScratchDir other;
  auto ingest =
      testing::run_perfwatch({"ingest", (dir_ / "output/perf.json").string()}, other.path());
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto after_summary = result.out.substr(result.out.find("==> SLO summary:"));
  EXPECT_NE(after_summary.find("latency"), std::string::npos) << after_summary;
}

// Each container has a new host name: the default testbed must not be it (issue 15).
TEST_F(Entrypoint, TestbedIsTheMachineKindNotTheHostName) {
  ASSERT_EQ(run().exit_code, 0);
  ASSERT_EQ(run().exit_code, 0);
  const auto testbeds = testing::run_perfwatch(
      {"--db", (dir_ / "output/perfwatch.duckdb").string(), "sql",
       "SELECT t.name, count(*) AS reports FROM report r JOIN testbed t ON t.id = r.testbed "
       "GROUP BY t.name"},
      dir_.path());
  EXPECT_EQ(testbeds.out.rfind("name\treports\ndocker-", 0), 0u) << testbeds.out;
  EXPECT_NE(testbeds.out.find("\t2\n"), std::string::npos) << testbeds.out;
  auto named = run({{"PERFWATCH_TESTBED", "bench-box"}});
  ASSERT_EQ(named.exit_code, 0) << named.out << named.err;
  EXPECT_NE(named.out.find("==> Testbed: bench-box\n"), std::string::npos) << named.out;
  // In CI perfwatch describes the runner itself.
  auto ci = run({{"GITLAB_CI", "true"}, {"CI_RUNNER_TAGS", "perf"}});
  ASSERT_EQ(ci.exit_code, 0) << ci.out << ci.err;
  EXPECT_NE(ci.out.find("==> Testbed: derived from the CI runner\n"), std::string::npos);
  const auto all = testing::run_perfwatch(
      {"--db", (dir_ / "output/perfwatch.duckdb").string(), "sql",
       "SELECT DISTINCT t.name FROM testbed t WHERE t.name LIKE 'gitlab-perf-%'"},
      dir_.path());
  EXPECT_EQ(std::count(all.out.begin(), all.out.end(), '\n'), 2) << all.out;
}

// A checkout mounted from the host belongs to another user: the entry point trusts it, so that
// the report keeps its commit and branch (issue 15). Changing the owner needs root.
TEST_F(Entrypoint, TrustsACheckoutOfAnotherUser) {
  if (geteuid() != 0) GTEST_SKIP() << "changing a folder's owner needs root";
  const auto project = dir_ / "project";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"init", "-q", "-b", "topic"},
        {"add", "perfwatch.toml"},
        {"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one"}}) {
    std::vector<std::string> argv = {"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    ASSERT_EQ(run_command(argv, project).exit_code, 0);
  }
  ASSERT_EQ(run_command({"chown", "-R", "65534:65534", project.string()}).exit_code, 0);
  std::filesystem::create_directories(dir_ / "home");
  auto result = run({{"HOME", (dir_ / "home").string()}, {"GIT_COMMIT", ""}});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(testing::read_file(dir_ / "home/.gitconfig"),
            "[safe]\n\tdirectory = " + project.string() + "\n");
  const auto stored = testing::run_perfwatch(
      {"--db", (dir_ / "output/perfwatch.duckdb").string(), "sql",
       "SELECT b.name, r.commit_hash IS NOT NULL AS has_commit FROM report r "
       "JOIN branch b ON b.id = r.branch"},
      dir_.path());
  EXPECT_EQ(stored.out, "name\thas_commit\ntopic\ttrue\n");
  // A second run adds nothing.
  ASSERT_EQ(run({{"HOME", (dir_ / "home").string()}, {"GIT_COMMIT", ""}}).exit_code, 0);
  EXPECT_EQ(testing::read_file(dir_ / "home/.gitconfig"),
            "[safe]\n\tdirectory = " + project.string() + "\n");
}

TEST_F(Entrypoint, BenchFilterSelectsBenchmarks) {
  auto result = run({{"BENCH_FILTER", "^nap$"}});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto receipt = testing::read_file(dir_ / "output/perf.json");
  EXPECT_NE(receipt.find("\"nap\""), std::string::npos);
  EXPECT_EQ(receipt.find("\"tick\""), std::string::npos);
  EXPECT_NE(result.out.find("filter ^nap$"), std::string::npos);
}

TEST_F(Entrypoint, ViolatedSloExitsOne) {
  write_suite("latency <= 1 ns");
  auto result = run();
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("==> perfwatch check failed (exit 1)"), std::string::npos)
      << result.out;
}

TEST_F(Entrypoint, FailingBenchmarkExitsNonZero) {
  write_suite("latency <= 10 s", "\n[[benchmark]]\nname = \"broken\"\ncommand = [\"false\"]\n");
  auto result = run();
  EXPECT_NE(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("==> The suite failed (exit "), std::string::npos) << result.out;
}

TEST_F(Entrypoint, MissingSuiteIsAClearError) {
  auto result = run({{"SUITE", "nope.toml"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("entrypoint: no suite file nope.toml"), std::string::npos);
}

}  // namespace
}  // namespace perfwatch
