// The default testbed in CI (issue 15): the same for every job on the same kind of runner, so
// that history builds up on hosted runners whose host names change each job.
#include "integrations/ci_testbed.hpp"

#include <gtest/gtest.h>

#include "integrations/context.hpp"
#include "integrations/testbed.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

const nlohmann::json epyc = {{"cpu_model", "AMD EPYC 7763 64-Core Processor"},
                             {"logical_cores", 4u}};

TEST(CiTestbed, GitHubHostedRunnersShareOneNameWhateverTheirRunnerName) {
  Environment first = {{"GITHUB_ACTIONS", "true"},
                       {"ImageOS", "ubuntu24"},
                       {"RUNNER_OS", "Linux"},
                       {"RUNNER_ARCH", "X64"},
                       {"RUNNER_NAME", "GitHub Actions 12"}};
  Environment second = first;
  second["RUNNER_NAME"] = "GitHub Actions 1031";
  EXPECT_EQ(ci_testbed(first, epyc),
            "github-ubuntu24-linux-x64-4cpu-amd-epyc-7763-64-core-processor");
  EXPECT_EQ(ci_testbed(second, epyc), ci_testbed(first, epyc));
  // Another image or another size of runner is another testbed.
  second["ImageOS"] = "ubuntu22";
  EXPECT_NE(ci_testbed(second, epyc), ci_testbed(first, epyc));
  EXPECT_NE(
      ci_testbed(first, {{"cpu_model", "AMD EPYC 7763 64-Core Processor"}, {"logical_cores", 16u}}),
      ci_testbed(first, epyc));
}

TEST(CiTestbed, GitHubSelfHosted) {
  EXPECT_EQ(
      ci_testbed({{"GITHUB_ACTIONS", "true"}, {"RUNNER_OS", "Linux"}, {"RUNNER_ARCH", "ARM64"}},
                 {{"cpu_model", "Neoverse-N1"}, {"logical_cores", 8u}}),
      "github-self-hosted-linux-arm64-8cpu-neoverse-n1");
}

TEST(CiTestbed, GitLabUsesTheSortedTagsAndTheImageNotTheRunnerDescription) {
  Environment job = {{"GITLAB_CI", "true"},
                     {"CI_RUNNER_TAGS", R"(["saas-linux-small-amd64", "docker"])"},
                     {"CI_JOB_IMAGE", "debian:12"},
                     {"CI_RUNNER_DESCRIPTION", "3-blue.saas-linux-small-amd64.runners-manager"}};
  EXPECT_EQ(ci_testbed(job, epyc),
            "gitlab-docker-saas-linux-small-amd64-debian-12-4cpu-amd-epyc-7763-64-core-processor");
  job["CI_RUNNER_DESCRIPTION"] = "5-green.saas-linux-small-amd64.runners-manager";
  job["CI_RUNNER_TAGS"] = "docker, saas-linux-small-amd64";  // older GitLab: comma-separated
  EXPECT_EQ(ci_testbed(job, epyc),
            "gitlab-docker-saas-linux-small-amd64-debian-12-4cpu-amd-epyc-7763-64-core-processor");
  EXPECT_EQ(ci_testbed({{"GITLAB_CI", "true"}}, {}), "gitlab-untagged");
}

TEST(CiTestbed, JenkinsUsesTheAgentsLabelsNotItsName) {
  const nlohmann::json xeon = {{"cpu_model", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"},
                               {"logical_cores", 2u}};
  EXPECT_EQ(ci_testbed({{"JENKINS_URL", "https://ci/"},
                        {"NODE_NAME", "bench-7f3k2"},
                        {"NODE_LABELS", "bench-7f3k2 perf linux"}},
                       xeon),
            "jenkins-linux-perf-2cpu-intel-xeon-gold-6338-cpu-2-00ghz");
  EXPECT_EQ(
      ci_testbed(
          {{"JENKINS_URL", "https://ci/"}, {"NODE_NAME", "built-in"}, {"NODE_LABELS", "built-in"}},
          {}),
      "jenkins-built-in");
}

TEST(CiTestbed, OutsideCiThereIsNone) {
  EXPECT_EQ(ci_testbed({}, epyc), "");
  EXPECT_EQ(ci_testbed({{"CI", "true"}}, epyc), "");
}

TEST(CiTestbed, ContextPrefersTheFlagThenPerfwatchTestbedThenTheRunnerThenTheHost) {
  testing::ScratchDir dir;
  const Environment hosted = {{"GITHUB_ACTIONS", "true"}, {"ImageOS", "ubuntu24"}};
  EXPECT_EQ(capture_context({}, dir.path(), hosted).testbed.substr(0, 16), "github-ubuntu24-");
  Environment named = hosted;
  named["PERFWATCH_TESTBED"] = "perf-box";
  EXPECT_EQ(capture_context({}, dir.path(), named).testbed, "perf-box");
  EXPECT_EQ(capture_context({"", "", "flag-box", ""}, dir.path(), named).testbed, "flag-box");
  EXPECT_EQ(capture_context({}, dir.path(), {}).testbed, host_name());
}

}  // namespace
}  // namespace perfwatch
