// A pull request's shard is compared sample by sample with the same shard of its base branch
// (issue 15: it was compared with whichever shard ran last, which ran other benchmarks, and every
// A/B cell read "–").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

TEST(ShardBase, APullRequestShardIsComparedWithTheSameShardOfItsBase) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"([suite]
name = "s"

[[benchmark]]
name = "a"
command = ["true"]

[[benchmark]]
name = "b"
command = ["true"]
)");
  auto run = [&](const std::string& shard, const std::string& branch,
                 const std::map<std::string, std::string>& env) {
    auto result = run_perfwatch(
        {"run", "--profile", "quick", "--shard", shard, "--branch", branch, "--testbed", "box"},
        dir.path(), env);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const auto id = run_perfwatch(
        {"sql", "SELECT id FROM report ORDER BY started DESC, ingested DESC LIMIT 1"}, dir.path());
    return id.out.substr(id.out.find('\n') + 1, 36);
  };
  const auto main_first = run("1/2", "main", {});
  run("2/2", "main", {});  // the newest report of main: the other shard
  const std::map<std::string, std::string> pull_request = {
      {"GITHUB_ACTIONS", "true"}, {"GITHUB_REF", "refs/pull/7/merge"}, {"GITHUB_BASE_REF", "main"}};
  const auto pr_first = run("1/2", "feature", pull_request);
  auto summary = run_perfwatch({"report", "--report", pr_first, "--format", "json"}, dir.path());
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  EXPECT_EQ(nlohmann::json::parse(summary.out)["base_report"], main_first) << summary.out;
}

}  // namespace
}  // namespace perfwatch
