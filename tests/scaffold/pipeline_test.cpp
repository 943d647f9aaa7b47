// The GitHub workflow `perfwatch init ci github` writes, run here step by step
// (tests/scaffold/run_workflow.py) with perfwatch on PATH and the network parts played by a
// loopback server: baseline runs on main grow the cached history and publish the site; a pull
// request that slows a benchmark gets one comment, updated on the next push, and fails; a fork's
// pull request is commented by the workflow_run workflow.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::LoopbackServer;
using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

const std::string runner = std::string(PERFWATCH_SOURCE_DIR) + "/tests/scaffold/run_workflow.py";

class GitHubPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = dir_ / "project";
    std::filesystem::create_directory(project_);
    // A suite whose `nap` benchmark sleeps $NAP seconds: a pull request makes it slower.
    testing::write_file(project_ / "perfwatch.toml", R"([suite]
name = "demo"

[[benchmark]]
name = "nap"
command = "sleep ${NAP:-0.02}"
shell = true

[[benchmark]]
name = "echo"
command = ["echo", "hi"]

[[webhook]]
kind = "json"
url = ")" + server_.url() + R"(/hook/chat"
events = ["run", "regression"]
)");
    ASSERT_EQ(run_perfwatch({"init", "ci", "github", "--project", "demo"}, project_).exit_code, 0);
    git({"init", "-q", "-b", "main"});
    git({"add", "."});
    git({"commit", "-q", "-m", "start"});
  }

  void git(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-c", "user.name=t", "-c", "user.email=t@t"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run_command(argv, project_);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }

  std::string head() {
    return run_command({"git", "rev-parse", "HEAD"}, project_).out.substr(0, 40);
  }

  testing::CommandResult run_workflow(const std::string& workflow, const std::string& event,
                                      std::map<std::string, std::string> env) {
    const auto binary_dir = std::filesystem::path(PERFWATCH_BINARY).parent_path().string();
    const char* path = std::getenv("PATH");
    env.insert({{"PATH", binary_dir + ":" + (path ? path : "")},
                {"GITHUB_ACTIONS", "true"},
                {"GITHUB_REPOSITORY", "acme/demo"},
                {"GITHUB_API_URL", server_.url()},
                {"GITHUB_TOKEN", server_.token},
                {"GITHUB_SHA", head()},
                {"GITHUB_EVENT_NAME", event},
                {"GITHUB_RUN_ID", std::to_string(++run_id_)},
                {"PERFWATCH_DB", ""}});
    return run_command({"python3", runner, ".github/workflows/" + workflow, event,
                        (dir_ / "state").string(), "profile=quick"},
                       project_, env);
  }

  testing::CommandResult baseline_run() {
    git({"commit", "-q", "--allow-empty", "-m", "work"});
    return run_workflow("perfwatch.yml", "workflow_dispatch",
                        {{"GITHUB_REF", "refs/heads/main"}, {"GITHUB_REF_NAME", "main"}});
  }

  testing::CommandResult pull_request_run(const std::string& head_repository) {
    git({"commit", "-q", "--allow-empty", "-m", "slower"});
    return run_workflow("perfwatch.yml", "pull_request",
                        {{"GITHUB_REF", "refs/pull/7/merge"},
                         {"GITHUB_REF_NAME", "7/merge"},
                         {"GITHUB_HEAD_REF", "feature"},
                         {"GITHUB_BASE_REF", "main"},
                         {"PR_NUMBER", "7"},
                         {"HEAD_REPOSITORY", head_repository},
                         {"NAP", "0.2"}});
  }

  // The caches the runs saved, newest last.
  std::vector<std::filesystem::path> caches() {
    std::vector<std::filesystem::path> found;
    if (!std::filesystem::exists(dir_ / "state/caches")) return found;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / "state/caches")) {
      found.push_back(entry.path() / "file");
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::filesystem::last_write_time(a) < std::filesystem::last_write_time(b);
    });
    return found;
  }

  std::string reports_in(const std::filesystem::path& database) {
    return run_perfwatch({"--db", database.string(), "sql", "SELECT count(*) FROM report"},
                         project_)
        .out;
  }

  LoopbackServer server_;
  ScratchDir dir_;
  int run_id_ = 100;
  std::filesystem::path project_;
};

TEST_F(GitHubPipeline, BaselineRunsThenPullRequestCommentUpdatedAndFailing) {
  constexpr int baseline_runs = 5;
  for (int run = 0; run < baseline_runs; ++run) {
    auto result = baseline_run();
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
    if (run == 0) {
      EXPECT_NE(result.out.find("cache miss"), std::string::npos) << result.out;
    } else {
      EXPECT_NE(result.out.find("cache hit: perfwatch-db-main-"), std::string::npos) << result.out;
    }
  }
  // The history kept in the cache holds every shard's report of every run.
  ASSERT_EQ(caches().size(), static_cast<std::size_t>(baseline_runs));
  EXPECT_EQ(reports_in(caches().back()),
            "count_star()\n" + std::to_string(2 * baseline_runs) + "\n");
  EXPECT_TRUE(std::filesystem::exists(dir_ / "state/pages/index.html"));
  const auto prometheus = testing::read_file(dir_ / "state/pages/metrics.prom");
  EXPECT_NE(prometheus.find("perfwatch_latency{project=\"demo\",branch=\"main\""),
            std::string::npos)
      << prometheus;
  // Each run told the chat once per shard; no regression, so no issue.
  EXPECT_EQ(server_.received("POST", "/hook/chat").size(), 2u * baseline_runs);
  EXPECT_TRUE(server_.open_issues().empty());

  auto first = pull_request_run("acme/demo");
  EXPECT_EQ(first.exit_code, 1) << first.out << first.err;
  EXPECT_NE(first.out.find("job report: step Fail on a regression: exit 1"), std::string::npos)
      << first.out << first.err;
  auto comments = server_.comments_of(7);
  ASSERT_EQ(comments.size(), 1u);
  const auto body = comments[0]["body"].get<std::string>();
  EXPECT_NE(body.find("<!-- perfwatch-report -->"), std::string::npos);
  EXPECT_NE(body.find("nap"), std::string::npos) << body;

  auto second = pull_request_run("acme/demo");
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(server_.comments_of(7).size(), 1u);
  EXPECT_EQ(server_.received("POST", "/repos/acme/demo/issues/7/comments").size(), 1u);
  EXPECT_EQ(
      server_.received("PATCH", "/repos/acme/demo/issues/comments/" + comments[0]["id"].dump())
          .size(),
      1u);
  // Pull requests read the history but never extend it.
  EXPECT_EQ(caches().size(), static_cast<std::size_t>(baseline_runs));
  EXPECT_EQ(reports_in(caches().back()),
            "count_star()\n" + std::to_string(2 * baseline_runs) + "\n");
  EXPECT_EQ(server_.received("POST", "/hook/chat").size(), 2u * baseline_runs);
}

TEST_F(GitHubPipeline, ForkPullRequestIsCommentedByTheWorkflowRun) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  auto fork = pull_request_run("someone/demo-fork");
  EXPECT_NE(fork.out.find("step Comment on the pull request: skipped"), std::string::npos)
      << fork.out;
  EXPECT_TRUE(server_.comments_of(7).empty());

  auto comment = run_workflow(
      "perfwatch-comment.yml", "workflow_run",
      {{"WORKFLOW_RUN_EVENT", "pull_request"}, {"HEAD_REPOSITORY", "someone/demo-fork"}});
  ASSERT_EQ(comment.exit_code, 0) << comment.out << comment.err;
  auto comments = server_.comments_of(7);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0]["body"].get<std::string>().find("<!-- perfwatch-report -->"),
            std::string::npos);

  // A pull request from the repository itself is not the workflow_run's business.
  auto own =
      run_workflow("perfwatch-comment.yml", "workflow_run",
                   {{"WORKFLOW_RUN_EVENT", "pull_request"}, {"HEAD_REPOSITORY", "acme/demo"}});
  EXPECT_NE(own.out.find("job comment: skipped"), std::string::npos) << own.out;
}

}  // namespace
}  // namespace perfwatch
