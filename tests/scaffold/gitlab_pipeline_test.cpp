// The GitLab pipeline `perfwatch init ci gitlab` writes, run by gitlab-ci-local (npm, on the node
// pinned in package.json) with the shell executor, each job in its own folder
// (--shell-isolation) and the cache and artifacts kept between pipelines as GitLab keeps them,
// over the sequence a project lives through (issue 15): pipelines of main grow the cached
// history; a merge request that slows a benchmark reads main's history (the cache is shared with
// unprotected branches), fails, and leaves its comment body; the regression merged into main
// fails main's pipeline but its history is still saved and the pages still published, becomes
// the new baseline, and a clean merge request after it passes.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdlib>
#include <thread>

#include "notify/fake_gitlab.hpp"
#include "scaffold/nap_suite.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

const std::string source_dir = PERFWATCH_SOURCE_DIR;

class GitLabPipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run_command({"sh", "-c", "command -v rsync"}).exit_code, 0)
        << "gitlab-ci-local's shell executor needs rsync (apt-get install rsync)";
    project_ = dir_ / "project";
    std::filesystem::create_directory(project_);
    testing::write_file(project_ / "perfwatch.toml", std::string(testing::nap_suite));
    testing::write_file(project_ / ".gitignore", ".gitlab-ci-local/\n");
    ASSERT_EQ(run_perfwatch({"init", "ci", "gitlab", "--project", "demo"}, project_).exit_code, 0);
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

  // One pipeline of the current branch (only `jobs` when not empty); `variables` as GitLab would
  // set them.
  testing::CommandResult pipeline(const std::vector<std::string>& variables,
                                  const std::vector<std::string>& jobs = {}) {
    const auto binary_dir = std::filesystem::path(PERFWATCH_BINARY).parent_path().string();
    const char* path = std::getenv("PATH");
    std::vector<std::string> argv = {source_dir + "/node_modules/.bin/node",
                                     source_dir + "/node_modules/.bin/gitlab-ci-local",
                                     "--force-shell-executor",
                                     "--shell-isolation",
                                     "--no-artifacts-to-source",
                                     "--no-color",
                                     "--variable",
                                     "GITLAB_CI=true",
                                     "--variable",
                                     "PERFWATCH_PROFILE=quick",
                                     "--variable",
                                     "PERFWATCH_BASELINE_PROFILE=quick"};
    for (const auto& variable : variables) {
      argv.push_back("--variable");
      argv.push_back(variable);
    }
    argv.insert(argv.end(), jobs.begin(), jobs.end());
    return run_command(argv, project_,
                       {{"PATH", binary_dir + ":" + (path ? path : "")}, {"PERFWATCH_DB", ""}});
  }

  testing::CommandResult main_pipeline(const std::string& nap) {
    git({"checkout", "-q", "main"});
    git({"commit", "-q", "--allow-empty", "-m", "work"});
    return pipeline({"NAP=" + nap});
  }

  testing::CommandResult merge_request_pipeline(const std::string& nap, const std::string& iid,
                                                std::vector<std::string> variables = {}) {
    git({"checkout", "-q", "-B", "feature-" + iid, "main"});
    git({"commit", "-q", "--allow-empty", "-m", "change"});
    variables.insert(variables.end(), {"NAP=" + nap, "CI_PIPELINE_SOURCE=merge_request_event",
                                       "CI_MERGE_REQUEST_IID=" + iid,
                                       "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feature-" + iid,
                                       "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main"});
    return pipeline(variables);
  }

  // Reports in main's cached history ("" when there is none).
  std::string history_reports() {
    const auto database = project_ / ".gitlab-ci-local/cache/perfwatch-db-main/perfwatch.duckdb";
    if (!std::filesystem::exists(database)) return "";
    auto result =
        run_perfwatch({"--db", database.string(), "sql", "SELECT count(*) FROM report"}, project_);
    return result.out.substr(result.out.find('\n') + 1);
  }

  std::filesystem::path artifact(const std::string& job, const std::string& path) {
    return project_ / ".gitlab-ci-local/artifacts" / job / path;
  }

  ScratchDir dir_;
  std::filesystem::path project_;
};

TEST_F(GitLabPipeline, HistoryComparedAndKeptWhateverTheVerdict) {
  constexpr int main_runs = 5;  // the threshold's minimum history
  for (int run = 1; run <= main_runs; ++run) {
    auto result = main_pipeline(testing::nap_seconds);
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find(run == 1 ? "no history yet" : "history from the cache"),
              std::string::npos)
        << result.out;
    EXPECT_EQ(history_reports(), std::to_string(2 * run) + "\n");
  }
  EXPECT_TRUE(std::filesystem::exists(artifact("pages", "public/index.html")));
  // Every report of main is on one testbed, derived from the runner (not the host name).
  const auto testbeds = run_perfwatch(
      {"--db", (project_ / ".gitlab-ci-local/cache/perfwatch-db-main/perfwatch.duckdb").string(),
       "sql", "SELECT DISTINCT name FROM testbed"},
      project_);
  EXPECT_EQ(testbeds.out.rfind("name\ngitlab-untagged-", 0), 0u) << testbeds.out;
  EXPECT_EQ(std::count(testbeds.out.begin(), testbeds.out.end(), '\n'), 2) << testbeds.out;

  // A merge request reads main's history, fails on the regression, leaves its comment body and
  // JUnit report, and does not touch the history.
  auto slower = merge_request_pipeline(testing::slower_nap_seconds, "7");
  EXPECT_NE(slower.exit_code, 0) << slower.out;
  EXPECT_NE(slower.out.find("report              > history from the cache"), std::string::npos)
      << slower.out;
  EXPECT_NE(slower.out.find("FAIL  report"), std::string::npos) << slower.out;
  const auto comment = testing::read_file(artifact("report", "pr/comment.md"));
  EXPECT_NE(comment.find("<!-- perfwatch-report -->"), std::string::npos) << comment;
  EXPECT_NE(comment.find("regress"), std::string::npos) << comment;
  EXPECT_NE(comment.find("nap"), std::string::npos) << comment;
  EXPECT_TRUE(std::filesystem::exists(artifact("report", "pr/junit-1.xml")));
  EXPECT_EQ(history_reports(), std::to_string(2 * main_runs) + "\n");

  // The regression is merged: main's first pipeline finds it suspect (one report cannot
  // establish a step), a later one red once the new level has held; that one fails, yet saves
  // its history and publishes.
  int suspect_runs = 0;
  for (; suspect_runs < 4; ++suspect_runs) {
    std::filesystem::remove_all(artifact("pages", "public"));
    auto merged = main_pipeline(testing::slower_nap_seconds);
    if (merged.exit_code == 0) continue;
    EXPECT_NE(merged.out.find("FAIL  report-history"), std::string::npos) << merged.out;
    EXPECT_TRUE(std::filesystem::exists(artifact("pages", "public/index.html")));
    break;
  }
  EXPECT_GE(suspect_runs, 1) << "one report of the new level was red";
  EXPECT_LT(suspect_runs, 4) << "main never turned red on the merged regression";
  EXPECT_EQ(history_reports(), std::to_string(2 * (main_runs + suspect_runs + 1)) + "\n");
  // Later pipelines of main build on it until the slower level is the baseline.
  int red_runs = 0;
  while (red_runs < 8 && main_pipeline(testing::slower_nap_seconds).exit_code != 0) ++red_runs;
  EXPECT_LT(red_runs, 8) << "main never accepted the new level";
  EXPECT_EQ(history_reports(),
            std::to_string(2 * (main_runs + suspect_runs + 2 + red_runs)) + "\n");

  // A merge request that keeps the new level passes.
  auto clean = merge_request_pipeline(testing::slower_nap_seconds, "8");
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(testing::read_file(artifact("report", "pr/comment.md")).find("no regression"),
            std::string::npos);
}

// Caches are per runner (and evicted): on a miss, a merge request reads main's history back from
// the last report-history job's artifact through GitLab's API with the job token (a loopback
// server plays the API).
TEST_F(GitLabPipeline, ACacheMissReadsTheHistoryBackFromMainsArtifact) {
  for (int run = 0; run < 5; ++run) ASSERT_EQ(main_pipeline(testing::nap_seconds).exit_code, 0);
  const auto history = testing::read_file(artifact("report-history", "perfwatch.duckdb"));
  std::filesystem::remove_all(project_ / ".gitlab-ci-local/cache/perfwatch-db-main");

  httplib::Server api;
  std::atomic<int> served = 0;
  api.Get(R"(/api/v4/projects/([^/]+)/jobs/artifacts/main/raw/perfwatch\.duckdb)",
          [&](const httplib::Request& request, httplib::Response& response) {
            if (request.get_param_value("job") != "report-history" ||
                request.get_header_value("JOB-TOKEN") != "job-token") {
              response.status = 404;
              return;
            }
            ++served;
            response.set_content(history, "application/octet-stream");
          });
  const int port = api.bind_to_any_port("127.0.0.1");
  std::thread server([&] { api.listen_after_bind(); });
  while (!api.is_running()) std::this_thread::yield();
  // gitlab-ci-local sets no job token; GitLab always does.
  auto slower =
      merge_request_pipeline(testing::slower_nap_seconds, "7",
                             {"CI_API_V4_URL=http://127.0.0.1:" + std::to_string(port) + "/api/v4",
                              "CI_JOB_TOKEN=job-token"});
  api.stop();
  server.join();
  EXPECT_EQ(served, 1);
  EXPECT_NE(slower.out.find("history read back from main's last report-history artifact"),
            std::string::npos)
      << slower.out;
  // Judged against it: the regression is found.
  EXPECT_NE(slower.exit_code, 0) << slower.out;
  EXPECT_NE(slower.out.find("FAIL  report"), std::string::npos) << slower.out;
}

TEST_F(GitLabPipeline, ManualPartialPipelinesDoNotExtendTheHistory) {
  ASSERT_EQ(main_pipeline(testing::nap_seconds).exit_code, 0);
  ASSERT_EQ(history_reports(), "2\n");
  auto filtered = pipeline({"CI_PIPELINE_SOURCE=web", "PERFWATCH_FILTER=nap"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.out;
  EXPECT_NE(filtered.out.find("PASS  report "), std::string::npos) << filtered.out;
  EXPECT_EQ(filtered.out.find("report-history"), std::string::npos) << filtered.out;
  EXPECT_EQ(history_reports(), "2\n");
}

// The A/B job of a merge request, on with PERFWATCH_AB: the verdicts as the merge request's note
// through GitLab's API (a loopback GitLab here), updated in place by the next pipeline.
TEST_F(GitLabPipeline, AbJobPostsTheVerdictsAsTheMergeRequestsNote) {
  // Main's nap takes 0.01 s; the merge request's, read from the repository, 0.05 s. The
  // repository is its own origin, so the job's fetch of the target branch works offline.
  testing::write_file(project_ / "perfwatch.toml",
                      "[suite]\nname = \"demo\"\n\n[[benchmark]]\nname = \"nap\"\n"
                      "command = \"sleep $(cat nap.txt)\"\nshell = true\n");
  testing::write_file(project_ / "nap.txt", "0.01\n");
  git({"add", "."});
  git({"commit", "-q", "-m", "nap from a file"});
  git({"remote", "add", "origin", project_.string()});
  git({"checkout", "-q", "-B", "feature-9", "main"});
  testing::write_file(project_ / "nap.txt", "0.05\n");
  git({"commit", "-q", "-a", "-m", "slower nap"});
  testing::FakeGitLab gitlab;
  const std::vector<std::string> variables = {"CI_PIPELINE_SOURCE=merge_request_event",
                                              "CI_MERGE_REQUEST_IID=9",
                                              "CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main",
                                              "PERFWATCH_AB=true",
                                              "PERFWATCH_GITLAB_TOKEN=glpat-test",
                                              "CI_API_V4_URL=" + gitlab.api_url(),
                                              "CI_PROJECT_ID=acme/parser"};
  for (int run = 0; run < 2; ++run) {
    const auto result = pipeline(variables, {"ab"});
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  const auto notes = gitlab.notes_of(9);
  ASSERT_EQ(notes.size(), 1u) << "the second pipeline updates the first one's note";
  const auto body = notes[0]["body"].get<std::string>();
  EXPECT_NE(body.find("<!-- perfwatch-ab -->"), std::string::npos) << body;
  EXPECT_NE(body.find("| nap "), std::string::npos) << body;
  EXPECT_NE(body.find("DIFFERENT"), std::string::npos) << body;
  EXPECT_TRUE(std::filesystem::exists(artifact("ab", "ab/perfwatch.duckdb")));
}

}  // namespace
}  // namespace perfwatch
