// The GitHub workflow `perfwatch init ci github` writes, run here step by step
// (tests/scaffold/run_workflow.py) with perfwatch on PATH and the network parts played by a
// loopback server, over the sequence a project lives through (issue 15): baseline runs on main
// grow the cached history and publish the site; a pull request that slows a benchmark gets one
// comment, updated on the next push, and fails; the regression merged into main fails main's run
// but its history is still saved, becomes the new baseline, and a clean pull request after it
// passes. A fork's pull request is commented by the workflow_run workflow, on the pull request
// GitHub says ran; a number forged in the fork's artifact is refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>

#include "notify/loopback_server.hpp"
#include "scaffold/nap_suite.hpp"
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
    // The pipeline tests' suite, telling a chat webhook of runs and regressions.
    testing::write_file(project_ / "perfwatch.toml", std::string(testing::nap_suite) + R"(
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
                                      std::map<std::string, std::string> env,
                                      const std::vector<std::string>& inputs = {}) {
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
                {"VARS_PERFWATCH_PROFILE", "quick"},
                {"PERFWATCH_DB", ""}});
    std::vector<std::string> argv = {"python3", runner, ".github/workflows/" + workflow, event,
                                     (dir_ / "state").string()};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return run_command(argv, project_, env);
  }

  // A push to main: a baseline run (profile quick, the repository's PERFWATCH_PROFILE).
  testing::CommandResult baseline_run(std::map<std::string, std::string> env = {},
                                      const std::vector<std::string>& inputs = {}) {
    git({"commit", "-q", "--allow-empty", "-m", "work"});
    env.insert({{"GITHUB_REF", "refs/heads/main"}, {"GITHUB_REF_NAME", "main"}, {"NAP", nap_}});
    return run_workflow("perfwatch.yml", inputs.empty() ? "push" : "workflow_dispatch", env,
                        inputs);
  }

  testing::CommandResult pull_request_run(const std::string& head_repository,
                                          const std::string& number = "7",
                                          const std::string& actor = "octocat") {
    git({"commit", "-q", "--allow-empty", "-m", "change"});
    return run_workflow("perfwatch.yml", "pull_request",
                        {{"GITHUB_REF", "refs/pull/" + number + "/merge"},
                         {"GITHUB_REF_NAME", number + "/merge"},
                         {"GITHUB_HEAD_REF", "feature"},
                         {"GITHUB_BASE_REF", "main"},
                         {"GITHUB_ACTOR", actor},
                         {"PR_NUMBER", number},
                         {"HEAD_REPOSITORY", head_repository},
                         {"NAP", pr_nap_}});
  }

  // perfwatch-comment.yml after a pull request's run from `head_repository`.
  testing::CommandResult comment_run(const std::string& head_repository,
                                     const std::string& actor = "octocat") {
    return run_workflow("perfwatch-comment.yml", "workflow_run",
                        {{"WORKFLOW_RUN_EVENT", "pull_request"},
                         {"WORKFLOW_RUN_ACTOR", actor},
                         {"GITHUB_HEAD_REF", "feature"},
                         {"HEAD_REPOSITORY", head_repository}});
  }

  // GitHub's open pull request `number` from `head_repository`'s feature branch at HEAD.
  void open_pull_request(std::int64_t number, const std::string& head_repository) {
    const auto owner = head_repository.substr(0, head_repository.find('/'));
    server_.pulls.push_back({{"number", number},
                             {"head",
                              {{"sha", head()},
                               {"ref", "feature"},
                               {"label", owner + ":feature"},
                               {"repo", {{"full_name", head_repository}}}}}});
  }

  // How many step summaries the last run's report job wrote.
  std::size_t report_summaries() {
    const auto text = testing::read_file(dir_ / "state/summaries/report.md");
    std::size_t count = 0;
    for (auto at = text.find("<!-- perfwatch-report -->"); at != std::string::npos;
         at = text.find("<!-- perfwatch-report -->", at + 1)) {
      ++count;
    }
    std::filesystem::remove(dir_ / "state/summaries/report.md");
    return count;
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
  std::string nap_ = testing::nap_seconds;            // how long main's `nap` sleeps
  std::string pr_nap_ = testing::slower_nap_seconds;  // and a pull request's
};

TEST_F(GitHubPipeline, HistoryComparedCommentedAndKeptWhateverTheVerdict) {
  constexpr int baseline_runs = 5;
  for (int run = 0; run < baseline_runs; ++run) {
    auto result = baseline_run();
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
    if (run == 0) {
      EXPECT_NE(result.out.find("cache miss"), std::string::npos) << result.out;
      EXPECT_NE(result.out.find("no history yet: this run starts it"), std::string::npos);
    } else {
      EXPECT_NE(result.out.find("cache hit: perfwatch-db-main-"), std::string::npos) << result.out;
    }
    // One summary per shard's report, not one per `perfwatch report` call.
    EXPECT_EQ(report_summaries(), 2u);
  }
  // The history kept in the cache holds every shard's report of every run, on one testbed
  // (derived from the runner, not the host name).
  ASSERT_EQ(caches().size(), static_cast<std::size_t>(baseline_runs));
  EXPECT_EQ(reports_in(caches().back()),
            "count_star()\n" + std::to_string(2 * baseline_runs) + "\n");
  const auto testbeds = run_perfwatch(
      {"--db", caches().back().string(), "sql", "SELECT DISTINCT name FROM testbed"}, project_);
  EXPECT_EQ(testbeds.out.rfind("name\ngithub-self-hosted-", 0), 0u) << testbeds.out;
  EXPECT_EQ(std::count(testbeds.out.begin(), testbeds.out.end(), '\n'), 2) << testbeds.out;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "state/pages/index.html"));
  const auto prometheus = testing::read_file(dir_ / "state/pages/metrics.prom");
  EXPECT_NE(prometheus.find("perfwatch_latency{project=\"demo\",branch=\"main\""),
            std::string::npos)
      << prometheus;
  // Each run told the chat once; no regression, so no issue.
  EXPECT_EQ(server_.received("POST", "/hook/chat").size(), 1u * baseline_runs);
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
  EXPECT_EQ(server_.received("POST", "/hook/chat").size(), 1u * baseline_runs);

  // The regression is merged: main's first run finds it suspect (one report cannot establish a
  // step), a later one red once the new level has held; that one fails, opens an issue, and
  // still keeps its history and publishes the site.
  nap_ = pr_nap_;
  int suspect_runs = 0;
  for (; suspect_runs < 4; ++suspect_runs) {
    std::filesystem::remove(dir_ / "state/pages/index.html");
    auto merged = baseline_run();
    if (merged.exit_code == 0) continue;
    EXPECT_EQ(merged.exit_code, 1) << merged.out;
    EXPECT_TRUE(std::filesystem::exists(dir_ / "state/pages/index.html"));
    break;
  }
  EXPECT_GE(suspect_runs, 1) << "one report of the new level was red";
  EXPECT_LT(suspect_runs, 4) << "main never turned red on the merged regression";
  const auto kept = static_cast<std::size_t>(baseline_runs + suspect_runs + 1);
  ASSERT_EQ(caches().size(), kept);
  EXPECT_EQ(reports_in(caches().back()), "count_star()\n" + std::to_string(2 * kept) + "\n");
  // One issue for the run, whichever shards found the regression.
  EXPECT_EQ(server_.open_issues().size(), 1u);
  // Later runs of main build on it: the slower level becomes the baseline.
  int runs_until_green = 0;
  for (int run = 0; run < 8 && baseline_run().exit_code != 0; ++run) ++runs_until_green;
  EXPECT_LT(runs_until_green, 8) << "main never accepted the new level";
  EXPECT_EQ(caches().size(), kept + 1 + static_cast<std::size_t>(runs_until_green));

  // A pull request that keeps the new level passes.
  auto clean = pull_request_run("acme/demo", "8");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
  ASSERT_EQ(server_.comments_of(8).size(), 1u);
  EXPECT_NE(server_.comments_of(8)[0]["body"].get<std::string>().find("no regression"),
            std::string::npos);
}

// GitHub evicts a cache nobody read for 7 days: the next run reads the history back from the
// perfwatch-database artifact of the newest run of main (`gh` is played by a script that serves
// the artifact the last run uploaded).
// Issue 16: with the variable PERFWATCH_AB, a pull request's ab job checks out both sides of the
// real repository in their own worktrees (origin/main and HEAD), runs them interleaved, and
// posts the paired verdicts in a comment of their own beside the report's.
TEST_F(GitHubPipeline, AbJobPostsPairedVerdictsOnThePullRequest) {
  // Main's nap takes 0.01 s; the pull request's, read from the repository, 0.05 s.
  testing::write_file(project_ / "perfwatch.toml", R"toml([suite]
name = "demo"

[[benchmark]]
name = "nap"
command = "sleep $(cat nap.txt)"
shell = true
)toml");
  testing::write_file(project_ / "nap.txt", "0.01\n");
  git({"add", "."});
  git({"commit", "-q", "-m", "nap from a file"});
  git({"update-ref", "refs/remotes/origin/main", "HEAD"});
  testing::write_file(project_ / "nap.txt", "0.05\n");
  git({"commit", "-q", "-a", "-m", "slower nap"});
  auto result = run_workflow("perfwatch.yml", "pull_request",
                             {{"GITHUB_REF", "refs/pull/8/merge"},
                              {"GITHUB_REF_NAME", "8/merge"},
                              {"GITHUB_HEAD_REF", "feature"},
                              {"GITHUB_BASE_REF", "main"},
                              {"PR_NUMBER", "8"},
                              {"VARS_PERFWATCH_AB", "true"},
                              {"VARS_PERFWATCH_AB_MAX_TIME", "60"}});
  EXPECT_NE(result.out.find("job ab: step A/B against the base branch"), std::string::npos)
      << result.out << result.err;
  std::vector<std::string> ab_bodies;
  for (const auto& comment : server_.comments_of(8)) {
    const auto body = comment["body"].get<std::string>();
    if (body.find("<!-- perfwatch-ab -->") != std::string::npos) ab_bodies.push_back(body);
  }
  ASSERT_EQ(ab_bodies.size(), 1u) << result.out << result.err;
  EXPECT_NE(ab_bodies[0].find("nap"), std::string::npos) << ab_bodies[0];
  EXPECT_NE(ab_bodies[0].find("DIFFERENT"), std::string::npos) << ab_bodies[0];
  // Without the variable, no ab job.
  git({"commit", "-q", "--allow-empty", "-m", "again"});
  auto without = run_workflow("perfwatch.yml", "pull_request",
                              {{"GITHUB_REF", "refs/pull/8/merge"},
                               {"GITHUB_REF_NAME", "8/merge"},
                               {"GITHUB_BASE_REF", "main"},
                               {"PR_NUMBER", "8"}});
  EXPECT_EQ(without.out.find("job ab: step"), std::string::npos) << without.out;
}

TEST_F(GitHubPipeline, ACacheMissReadsTheHistoryBackFromTheLastRunsArtifact) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  ASSERT_EQ(baseline_run().exit_code, 0);
  std::filesystem::copy_file(dir_ / "state/artifacts/perfwatch-database/perfwatch.duckdb",
                             dir_ / "uploaded.duckdb");
  std::filesystem::remove_all(dir_ / "state/caches");
  std::filesystem::create_directories(dir_ / "bin");
  testing::write_file(dir_ / "bin/gh", R"(#!/bin/sh
case "$1 $2" in
  "run list") echo 4242 ;;
  "run download")
    while [ $# -gt 0 ]; do [ "$1" = --dir ] && dir=$2; shift; done
    mkdir -p "$dir" && cp ")" + (dir_ / "uploaded.duckdb").string() +
                                           R"(" "$dir/perfwatch.duckdb" ;;
  *) exit 1 ;;
esac
)");
  std::filesystem::permissions(dir_ / "bin/gh", std::filesystem::perms::owner_all);
  const auto binary_dir = std::filesystem::path(PERFWATCH_BINARY).parent_path().string();
  const char* path = std::getenv("PATH");
  auto result = baseline_run(
      {{"PATH", (dir_ / "bin").string() + ":" + binary_dir + ":" + (path ? path : "")}});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("cache miss"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("history read back from run 4242"), std::string::npos) << result.out;
  ASSERT_EQ(caches().size(), 1u);
  EXPECT_EQ(reports_in(caches().back()), "count_star()\n6\n");
}

TEST_F(GitHubPipeline, ManualPartialRunsDoNotExtendTheHistory) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  ASSERT_EQ(caches().size(), 1u);
  auto filtered = baseline_run({}, {"filter=nap"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.out;
  auto standard = baseline_run({}, {"profile=standard", "filter=echo"});
  ASSERT_EQ(standard.exit_code, 0) << standard.out;
  EXPECT_EQ(caches().size(), 1u);
  // A manual run of the whole suite with the baseline's profile does.
  ASSERT_EQ(baseline_run({}, {"profile=quick"}).exit_code, 0);
  EXPECT_EQ(caches().size(), 2u);
}

TEST_F(GitHubPipeline, ForkPullRequestIsCommentedOnThePullRequestThatRan) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  auto fork = pull_request_run("someone/demo-fork");
  EXPECT_NE(fork.out.find("step Comment on the pull request: skipped"), std::string::npos)
      << fork.out;
  EXPECT_TRUE(server_.comments_of(7).empty());
  open_pull_request(7, "someone/demo-fork");

  auto comment = comment_run("someone/demo-fork");
  ASSERT_EQ(comment.exit_code, 0) << comment.out << comment.err;
  auto comments = server_.comments_of(7);
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_NE(comments[0]["body"].get<std::string>().find("<!-- perfwatch-report -->"),
            std::string::npos);

  // A pull request from the repository itself is not the workflow_run's business.
  auto own = comment_run("acme/demo");
  EXPECT_NE(own.out.find("job comment: skipped"), std::string::npos) << own.out;
}

TEST_F(GitHubPipeline, AForgedPullRequestNumberFromAForkIsRefused) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  pull_request_run("someone/demo-fork");
  open_pull_request(7, "someone/demo-fork");
  // The fork's workflow wrote another number into its artifact: issue 3 of the repository.
  testing::write_file(dir_ / "state/artifacts/perfwatch-pr/number", "3\n");
  auto comment = comment_run("someone/demo-fork");
  EXPECT_NE(comment.exit_code, 0);
  EXPECT_NE(comment.err.find("--pr: #3 is not the pull request that ran (#7"), std::string::npos)
      << comment.out << comment.err;
  EXPECT_TRUE(server_.comments_of(3).empty());
  EXPECT_TRUE(server_.comments_of(7).empty());
}

TEST_F(GitHubPipeline, DependabotPullRequestsAreCommentedByTheWorkflowRun) {
  ASSERT_EQ(baseline_run().exit_code, 0);
  auto bot = pull_request_run("acme/demo", "7", "dependabot[bot]");
  EXPECT_NE(bot.out.find("step Comment on the pull request: skipped"), std::string::npos)
      << bot.out;
  open_pull_request(7, "acme/demo");
  auto comment = comment_run("acme/demo", "dependabot[bot]");
  ASSERT_EQ(comment.exit_code, 0) << comment.out << comment.err;
  EXPECT_EQ(server_.comments_of(7).size(), 1u);
}

}  // namespace
}  // namespace perfwatch
