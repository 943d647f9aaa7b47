#include "integrations/context.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "integrations/testbed.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::ScratchDir;

void git(const std::filesystem::path& directory, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git", "-c", "user.name=Ada", "-c", "user.email=ada@example.org"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run_command(argv, directory,
                                  {{"GIT_AUTHOR_DATE", "2024-03-01T10:00:00Z"},
                                   {"GIT_COMMITTER_DATE", "2024-03-01T10:00:00Z"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST(Context, OverridesWinOverDetection) {
  ScratchDir dir;
  git(dir.path(), {"init", "-q", "-b", "trunk"});
  testing::write_file(dir / "a.txt", "a\n");
  git(dir.path(), {"add", "a.txt"});
  git(dir.path(), {"commit", "-q", "-m", "first"});
  const auto context = capture_context({"proj", "feature", "bench-box", "abc123"}, dir.path(),
                                       {{"GITHUB_ACTIONS", "true"}, {"GITHUB_HEAD_REF", "ci"}});
  EXPECT_EQ(context.project, "proj");
  EXPECT_EQ(context.branch, "feature");
  EXPECT_EQ(context.testbed, "bench-box");
  EXPECT_EQ(context.git.commit, "abc123");
  // The git times describe HEAD, not the commit named on the command line.
  EXPECT_FALSE(context.git.commit_time_unix_s.has_value());
}

TEST(Context, DefaultsComeFromGitTopLevelEvenInASubdirectory) {
  ScratchDir dir;
  const auto repository = dir / "my-service";
  std::filesystem::create_directories(repository / "bench" / "deep");
  git(repository, {"init", "-q", "-b", "develop"});
  testing::write_file(repository / "a.txt", "a\n");
  git(repository, {"add", "a.txt"});
  git(repository, {"commit", "-q", "-m", "first"});
  const auto context = capture_context({}, repository / "bench" / "deep", {});
  EXPECT_EQ(context.project, "my-service");
  EXPECT_EQ(context.branch, "develop");
  EXPECT_EQ(context.git.commit.size(), 40u);
  EXPECT_EQ(context.git.commit_time_unix_s, 1709287200);
  EXPECT_EQ(context.testbed, host_name());
  EXPECT_TRUE(context.ci.provider.empty());
}

TEST(Context, OutsideGitProjectIsTheDirectoryAndBranchIsMain) {
  ScratchDir dir;
  std::filesystem::create_directories(dir / "plain-folder");
  const auto context = capture_context({}, dir / "plain-folder" / "", {});
  EXPECT_EQ(context.project, "plain-folder");
  EXPECT_EQ(context.branch, "main");
  EXPECT_TRUE(context.git.commit.empty());
}

TEST(Context, OutsideGitTheCiNamesBranchAndCommit) {
  ScratchDir dir;
  const auto context = capture_context({}, dir.path(),
                                       {{"GITLAB_CI", "true"},
                                        {"CI_COMMIT_REF_NAME", "release"},
                                        {"CI_COMMIT_SHA", "0123abcd"},
                                        {"CI_PIPELINE_ID", "77"}});
  EXPECT_EQ(context.branch, "release");
  EXPECT_EQ(context.git.commit, "0123abcd");
  EXPECT_EQ(context.ci.provider, "gitlab");
  EXPECT_EQ(context.ci.run_id, "77");
}

TEST(Context, DetachedHeadInCiTakesTheBranchFromCi) {
  ScratchDir dir;
  git(dir.path(), {"init", "-q", "-b", "main"});
  testing::write_file(dir / "a.txt", "a\n");
  git(dir.path(), {"add", "a.txt"});
  git(dir.path(), {"commit", "-q", "-m", "first"});
  git(dir.path(), {"checkout", "-q", "--detach"});
  const auto context = capture_context(
      {}, dir.path(), {{"GITHUB_ACTIONS", "true"}, {"GITHUB_REF_NAME", "feature/x"}});
  EXPECT_EQ(context.branch, "feature/x");
  EXPECT_EQ(context.git.commit.size(), 40u);
}

TEST(Context, FingerprintHasTheMachineFacts) {
  ScratchDir dir;
  const auto context = capture_context({}, dir.path(), {{"PATH", dir.path().string()}});
  const auto& fingerprint = context.testbed_fingerprint;
  EXPECT_GT(fingerprint.at("logical_cores").get<int>(), 0);
  EXPECT_GT(fingerprint.at("memory_total_bytes").get<int64_t>(), 0);
  EXPECT_EQ(fingerprint.at("kernel").get<std::string>().rfind("Linux ", 0), 0u);
  EXPECT_FALSE(fingerprint.at("compiler").get<std::string>().empty());
  EXPECT_EQ(fingerprint.at("gpus"), nlohmann::json::array());  // no nvidia-smi on that PATH
  EXPECT_FALSE(fingerprint.contains("gpu_testbed_key"));       // as before GPUs were recorded
}

TEST(Context, GpuMachinesDerivedTestbedNameCarriesItsGpuKey) {
  ScratchDir dir;
  const Environment environment = {{"PATH", dir.path().string()},
                                   {"PERFWATCH_NVML_LIBRARY", PERFWATCH_STUB_NVML}};
  const auto context = capture_context({}, dir.path(), environment);
  const auto key = context.testbed_fingerprint.at("gpu_testbed_key").get<std::string>();
  EXPECT_EQ(context.testbed, host_name() + "-gpu-" + key);
  EXPECT_EQ(context.testbed_fingerprint.at("gpus").size(), 1u);

  setenv("STUB_NVML_DRIVER", "560.35.03", 1);
  const auto upgraded = capture_context({}, dir.path(), environment);
  unsetenv("STUB_NVML_DRIVER");
  EXPECT_NE(upgraded.testbed, context.testbed);

  ContextOverrides named;
  named.testbed = "gpu-box";
  EXPECT_EQ(capture_context(named, dir.path(), environment).testbed, "gpu-box");
}

}  // namespace
}  // namespace perfwatch
