#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/ab_loops.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;
using testing::shell_loop;

// Budgets that keep a session to a few seconds; no timing is asserted, only a 2x difference.
const std::vector<std::string> kBudget = {"--time", "cpu", "--max-runs", "200", "--quiet"};

std::vector<std::string> ab(std::vector<std::string> args) {
  args.insert(args.begin(), "ab");
  args.insert(args.end(), kBudget.begin(), kBudget.end());
  return args;
}

TEST(Ab, CommandTwiceAsLongIsDifferent) {
  ScratchDir dir;
  const auto result = run_perfwatch(ab({"--base-command", shell_loop(8000), "--candidate-command",
                                        shell_loop(16000), "--name", "loop", "--format", "json"}),
                                    dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["series"].size(), 1u);
  const auto& series = json["series"][0];
  EXPECT_EQ(series["name"], "loop");
  EXPECT_EQ(series["measure"], "cpu_time");
  EXPECT_EQ(series["verdict"], "DIFFERENT");
  EXPECT_TRUE(series["worse"].get<bool>());
  EXPECT_GT(series["ratio"].get<double>(), 1.2);
  EXPECT_GE(series["pairs"].get<int>(), 10);
  EXPECT_LE(series["ratio_lower"].get<double>(), series["ratio"].get<double>());
}

TEST(Ab, FailOnWorseExitsOneAndMarkdownIsATable) {
  ScratchDir dir;
  const auto result =
      run_perfwatch(ab({"--base-command", shell_loop(1000), "--candidate-command", shell_loop(2000),
                        "--format", "markdown", "--fail-on-worse"}),
                    dir.path());
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("| Benchmark | Base | Candidate |"), std::string::npos);
  EXPECT_NE(result.out.find("DIFFERENT"), std::string::npos);
}

TEST(Ab, HarnessGivesOneSeriesPerBenchmarkAndMeasure) {
  ScratchDir dir;
  const std::string harness = std::string(GOOGLE_BENCHMARK_HARNESS) +
                              " --benchmark_format=json --benchmark_filter=BM_Sort "
                              "--benchmark_min_time=0.001";
  const auto result =
      run_perfwatch({"ab", "--base-command", harness, "--candidate-command", harness, "--adapter",
                     "google_benchmark_json", "--max-runs", "4", "--quiet", "--format", "json"},
                    dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  std::set<std::string> measures;
  for (const auto& series : json["series"]) {
    EXPECT_EQ(series["benchmark"], "BM_Sort");
    EXPECT_EQ(series["pairs"], 2);  // the budget: 4 runs
    measures.insert(series["measure"].get<std::string>());
  }
  EXPECT_TRUE(measures.contains("latency"));
  EXPECT_TRUE(measures.contains("cpu_time"));
}

TEST(Ab, FailingSideIsNamed) {
  ScratchDir dir;
  const auto result =
      run_perfwatch(ab({"--base-command", "true", "--candidate-command", "exit 3"}), dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("candidate side"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("exit code 3"), std::string::npos) << result.err;
}

TEST(Ab, BadInputIsOneLineAndExitTwo) {
  ScratchDir dir;
  auto only_base = run_perfwatch({"ab", "--base-command", "true"}, dir.path());
  EXPECT_EQ(only_base.exit_code, 2);
  EXPECT_NE(only_base.err.find("--base-command and --candidate-command go together"),
            std::string::npos);
  auto format = run_perfwatch(
      {"ab", "--base-command", "true", "--candidate-command", "true", "--format", "xml"},
      dir.path());
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos);
  auto no_repo = run_perfwatch({"ab", "main", "HEAD"}, dir.path());
  EXPECT_EQ(no_repo.exit_code, 2);
  EXPECT_NE(no_repo.err.find("git repository"), std::string::npos) << no_repo.err;
}

// A repository of two commits whose suite's benchmark loops as many times as count.txt says.
void commit_count(const std::filesystem::path& repo, int count, const std::string& message) {
  testing::write_file(repo / "count.txt", std::to_string(count) + "\n");
  ASSERT_EQ(run_command({"git", "add", "-A"}, repo).exit_code, 0);
  ASSERT_EQ(run_command({"git", "commit", "-q", "--allow-empty", "-m", message}, repo).exit_code,
            0);
}

void init_repo(const std::filesystem::path& repo, const std::string& build_command) {
  ASSERT_EQ(run_command({"git", "init", "-q", repo.string()}).exit_code, 0);
  run_command({"git", "config", "user.email", "test@example.com"}, repo);
  run_command({"git", "config", "user.name", "test"}, repo);
  testing::write_file(repo / "perfwatch.toml",
                      "[[benchmark]]\nname = \"loop\"\nshell = true\ncommand = '''n=$(cat "
                      "count.txt); i=0; while [ $i -lt $n ]; do i=$((i+1)); done'''\n\n"
                      "[build]\ncommand = \"" +
                          build_command + "\"\n");
}

TEST(Ab, GitRefsAreBuiltOncePerCommit) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto log = dir / "builds.log";
  init_repo(repo, "echo built >> $BUILD_LOG");
  // Loops long enough that process start-up under parallel load does not hide the doubling (as
  // in CommandTwiceAsLongIsDifferent).
  commit_count(repo, 8000, "base");
  commit_count(repo, 16000, "slower");
  const std::map<std::string, std::string> env = {{"BUILD_LOG", log.string()}};
  for (int session = 0; session < 2; ++session) {
    const auto result = run_perfwatch(ab({"HEAD~1", "HEAD", "--format", "json"}), repo, env);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const auto json = nlohmann::json::parse(result.out);
    EXPECT_EQ(json["candidate"]["commit"].get<std::string>().size(), 40u);
    EXPECT_EQ(json["series"][0]["benchmark"], "loop");
    EXPECT_EQ(json["series"][0]["verdict"], "DIFFERENT");
  }
  EXPECT_EQ(testing::read_file(log), "built\nbuilt\n");  // two commits, the second session reused
}

TEST(Ab, UnknownRefAndUnknownBenchmarkAreNamed) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  init_repo(repo, "true");
  commit_count(repo, 10, "one");
  auto ref = run_perfwatch({"ab", "HEAD", "nosuchref"}, repo);
  EXPECT_EQ(ref.exit_code, 2);
  EXPECT_NE(ref.err.find("'nosuchref' names no commit"), std::string::npos) << ref.err;
  auto bench = run_perfwatch({"ab", "HEAD", "HEAD", "--benchmark", "nope"}, repo);
  EXPECT_EQ(bench.exit_code, 2);
  EXPECT_NE(bench.err.find("--benchmark nope"), std::string::npos) << bench.err;
}

}  // namespace
}  // namespace perfwatch
