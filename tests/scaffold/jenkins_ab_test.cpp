// The A/B stage of the Jenkinsfile `perfwatch init ci jenkins` writes: its shell step, taken from
// the file and run by bash as Jenkins would run it in a change request's build, against loopback
// servers playing GitHub and GitLab. The verdicts go to the change request's comment through the
// host whose variables the job has; with none, they stay the artifact.
#include <gtest/gtest.h>

#include "notify/fake_gitlab.hpp"
#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

class JenkinsAbStage : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = dir_ / "project";
    std::filesystem::create_directory(project_);
    ASSERT_EQ(run_perfwatch({"init", "ci", "jenkins", "--perfwatch-source",
                             "https://git.example/perfwatch.git"},
                            dir_.path())
                  .exit_code,
              0);
    script_ = ab_step(testing::read_file(dir_ / "Jenkinsfile"));
    ASSERT_FALSE(script_.empty()) << "no shell step in stage('A/B')";
    // Main's nap takes 0.01 s; the change's, read from the repository, 0.05 s. The repository is
    // its own origin, so the stage's fetch of the target branch works offline.
    testing::write_file(project_ / "perfwatch.toml",
                        "[suite]\nname = \"demo\"\n\n[[benchmark]]\nname = \"nap\"\n"
                        "command = \"sleep $(cat nap.txt)\"\nshell = true\n");
    testing::write_file(project_ / "nap.txt", "0.01\n");
    git({"init", "-q", "-b", "main"});
    git({"add", "."});
    git({"commit", "-q", "-m", "nap from a file"});
    git({"remote", "add", "origin", project_.string()});
    git({"checkout", "-q", "-b", "feature"});
    testing::write_file(project_ / "nap.txt", "0.05\n");
    git({"commit", "-q", "-a", "-m", "slower nap"});
  }

  // The shell text of the first `sh '''...'''` step after INSTALL_PERFWATCH in stage('A/B').
  static std::string ab_step(const std::string& jenkinsfile) {
    const auto stage = jenkinsfile.find("stage('A/B')");
    const std::string opening = "sh '''";
    const auto start = jenkinsfile.find(opening, stage);
    if (stage == std::string::npos || start == std::string::npos) return "";
    const auto body = start + opening.size();
    const auto end = jenkinsfile.find("'''", body);
    return jenkinsfile.substr(body, end - body);
  }

  void git(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"git", "-c", "user.name=t", "-c", "user.email=t@t"};
    argv.insert(argv.end(), args.begin(), args.end());
    ASSERT_EQ(run_command(argv, project_).exit_code, 0);
  }

  // The step run as a change request's build with `variables` set (and the others empty).
  testing::CommandResult run_stage(std::map<std::string, std::string> variables) {
    const auto binary_dir = std::filesystem::path(PERFWATCH_BINARY).parent_path().string();
    const char* path = std::getenv("PATH");
    std::map<std::string, std::string> env = {{"PATH", binary_dir + ":" + (path ? path : "")},
                                              {"WORKSPACE", project_.string()},
                                              {"SUITE", "perfwatch.toml"},
                                              {"CHANGE_ID", "8"},
                                              {"CHANGE_TARGET", "main"},
                                              {"GITHUB_TOKEN", ""},
                                              {"GITHUB_REPOSITORY", ""},
                                              {"GITHUB_API_URL", ""},
                                              {"PERFWATCH_GITHUB_REPOSITORY", ""},
                                              {"PERFWATCH_GITLAB_TOKEN", ""},
                                              {"PERFWATCH_GITLAB_API_URL", ""},
                                              {"PERFWATCH_GITLAB_PROJECT", ""},
                                              {"CI_API_V4_URL", ""},
                                              {"CI_PROJECT_ID", ""},
                                              {"CI_MERGE_REQUEST_IID", ""}};
    for (auto& [name, value] : variables) env[name] = value;
    testing::write_file(dir_ / "ab-step.sh", script_);
    return run_command({"bash", (dir_ / "ab-step.sh").string()}, project_, env);
  }

  static bool has_verdict(const std::string& body) {
    return body.find("<!-- perfwatch-ab -->") != std::string::npos &&
           body.find("| nap ") != std::string::npos && body.find("DIFFERENT") != std::string::npos;
  }

  ScratchDir dir_;
  std::filesystem::path project_;
  std::string script_;
};

TEST_F(JenkinsAbStage, PostsTheVerdictsOnTheGitHubPullRequest) {
  testing::LoopbackServer github;
  const auto result = run_stage({{"GITHUB_TOKEN", github.token},
                                 {"GITHUB_API_URL", github.url()},
                                 {"PERFWATCH_GITHUB_REPOSITORY", "acme/parser"}});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto comments = github.comments_of(8);
  ASSERT_EQ(comments.size(), 1u) << result.out << result.err;
  EXPECT_TRUE(has_verdict(comments[0]["body"].get<std::string>())) << comments[0]["body"];
  // The session travels in the artifact: two linked reports.
  const auto sessions = run_perfwatch({"--db", (project_ / "ab/perfwatch.duckdb").string(),
                                       "compare", "--ab", "list", "--format", "json"},
                                      project_);
  ASSERT_EQ(sessions.exit_code, 0) << sessions.err;
  EXPECT_EQ(nlohmann::json::parse(sessions.out).size(), 1u);
}

TEST_F(JenkinsAbStage, PostsTheVerdictsOnTheGitLabMergeRequestAndUpdatesThem) {
  testing::FakeGitLab gitlab;
  const std::map<std::string, std::string> variables = {
      {"PERFWATCH_GITLAB_TOKEN", "glpat-test"},
      {"PERFWATCH_GITLAB_API_URL", gitlab.api_url()},
      {"PERFWATCH_GITLAB_PROJECT", "acme/parser"}};
  for (int build = 0; build < 2; ++build) {
    const auto result = run_stage(variables);
    ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  }
  const auto notes = gitlab.notes_of(8);
  ASSERT_EQ(notes.size(), 1u) << "the second build updates the first build's note";
  EXPECT_TRUE(has_verdict(notes[0]["body"].get<std::string>())) << notes[0]["body"];
}

TEST_F(JenkinsAbStage, WithoutATokenTheVerdictsStayTheArtifact) {
  const auto result = run_stage({});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("the verdicts are the artifact ab/comment.md"), std::string::npos)
      << result.out;
  EXPECT_TRUE(
      has_verdict("<!-- perfwatch-ab -->" + testing::read_file(project_ / "ab/comment.md")));
}

}  // namespace
}  // namespace perfwatch
