#include "integrations/ci_info.hpp"

#include <gtest/gtest.h>

namespace perfwatch {
namespace {

TEST(CiInfo, NoCiVariablesIsNoCi) {
  const auto job = detect_ci({{"HOME", "/root"}, {"CI", "false"}});
  EXPECT_TRUE(job.info.provider.empty());
  EXPECT_TRUE(job.branch.empty());
}

TEST(CiInfo, GithubPullRequest) {
  const auto job = detect_ci({{"GITHUB_ACTIONS", "true"},
                              {"CI", "true"},
                              {"GITHUB_RUN_ID", "9876543210"},
                              {"GITHUB_SERVER_URL", "https://github.com"},
                              {"GITHUB_REPOSITORY", "acme/widget"},
                              {"GITHUB_REF", "refs/pull/42/merge"},
                              {"GITHUB_REF_NAME", "42/merge"},
                              {"GITHUB_HEAD_REF", "fix-parser"},
                              {"GITHUB_BASE_REF", "main"},
                              {"GITHUB_SHA", "a1b2c3"}});
  EXPECT_EQ(job.info.provider, "github");
  EXPECT_EQ(job.info.run_id, "9876543210");
  EXPECT_EQ(job.info.run_url, "https://github.com/acme/widget/actions/runs/9876543210");
  EXPECT_EQ(job.info.pr_number, "42");
  EXPECT_EQ(job.info.base_branch, "main");
  EXPECT_EQ(job.branch, "fix-parser");
  EXPECT_EQ(job.commit, "a1b2c3");
}

TEST(CiInfo, GithubPushUsesRefName) {
  const auto job = detect_ci({{"GITHUB_ACTIONS", "true"},
                              {"GITHUB_REF", "refs/heads/release"},
                              {"GITHUB_REF_NAME", "release"},
                              {"GITHUB_HEAD_REF", ""},
                              {"GITHUB_BASE_REF", ""}});
  EXPECT_EQ(job.branch, "release");
  EXPECT_TRUE(job.info.pr_number.empty());
  EXPECT_TRUE(job.info.base_branch.empty());
  EXPECT_TRUE(job.info.run_url.empty());  // no run id, no URL
}

TEST(CiInfo, GitlabMergeRequest) {
  const auto job =
      detect_ci({{"GITLAB_CI", "true"},
                 {"CI_PIPELINE_ID", "1234"},
                 {"CI_PIPELINE_URL", "https://gitlab.com/acme/widget/-/pipelines/1234"},
                 {"CI_MERGE_REQUEST_IID", "17"},
                 {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main"},
                 {"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature"},
                 {"CI_COMMIT_REF_NAME", "refs/merge-requests/17/head"},
                 {"CI_COMMIT_SHA", "deadbeef"}});
  EXPECT_EQ(job.info.provider, "gitlab");
  EXPECT_EQ(job.info.run_id, "1234");
  EXPECT_EQ(job.info.run_url, "https://gitlab.com/acme/widget/-/pipelines/1234");
  EXPECT_EQ(job.info.pr_number, "17");
  EXPECT_EQ(job.info.base_branch, "main");
  EXPECT_EQ(job.branch, "feature");
  EXPECT_EQ(job.commit, "deadbeef");
}

TEST(CiInfo, GitlabBranchPipeline) {
  const auto job = detect_ci({{"GITLAB_CI", "true"}, {"CI_COMMIT_REF_NAME", "develop"}});
  EXPECT_EQ(job.branch, "develop");
  EXPECT_TRUE(job.info.pr_number.empty());
}

TEST(CiInfo, JenkinsChangeRequest) {
  const auto job = detect_ci({{"JENKINS_URL", "https://ci.example.org/"},
                              {"BUILD_NUMBER", "55"},
                              {"BUILD_ID", "55"},
                              {"BUILD_URL", "https://ci.example.org/job/widget/PR-8/55/"},
                              {"CHANGE_ID", "8"},
                              {"CHANGE_TARGET", "main"},
                              {"BRANCH_NAME", "PR-8"},
                              {"CHANGE_BRANCH", "speedup"},
                              {"GIT_COMMIT", "cafe01"}});
  EXPECT_EQ(job.info.provider, "jenkins");
  EXPECT_EQ(job.info.run_id, "55");
  EXPECT_EQ(job.info.run_url, "https://ci.example.org/job/widget/PR-8/55/");
  EXPECT_EQ(job.info.pr_number, "8");
  EXPECT_EQ(job.info.base_branch, "main");
  EXPECT_EQ(job.branch, "speedup");
  EXPECT_EQ(job.commit, "cafe01");
}

TEST(CiInfo, JenkinsFreestyleGitBranchLosesTheRemoteName) {
  const auto job = detect_ci({{"JENKINS_URL", "https://ci.example.org/"},
                              {"BUILD_ID", "12"},
                              {"GIT_BRANCH", "origin/main"}});
  EXPECT_EQ(job.info.run_id, "12");
  EXPECT_EQ(job.branch, "main");
}

TEST(CiInfo, GenericCi) {
  const auto job = detect_ci({{"CI", "true"}});
  EXPECT_EQ(job.info.provider, "generic");
  EXPECT_TRUE(job.info.run_id.empty());
}

}  // namespace
}  // namespace perfwatch
