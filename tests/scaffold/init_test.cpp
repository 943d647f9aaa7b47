// perfwatch init and perfwatch init ci: what they write, parsed and checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "scaffold/scaffold.hpp"
#include "scaffold/templates.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

const std::string checker =
    std::string(PERFWATCH_SOURCE_DIR) + "/tests/scaffold/check_pipelines.py";

TEST(Init, WritesASuiteThatRunsAndRefusesToOverwrite) {
  ScratchDir dir;
  auto result = run_perfwatch({"init", "--project", "parser"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, 20), "wrote ./perfwatch.to");
  const auto toml = testing::read_file(dir / "perfwatch.toml");
  EXPECT_NE(toml.find("name = \"parser\""), std::string::npos);

  // The runner reads it: three instances (startup, sort at two sizes).
  auto dry = run_perfwatch({"run", "--dry-run"}, dir.path());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("sort"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("size=100000"), std::string::npos) << dry.out;
  // And check reads its [[threshold]] table (no report yet: not an error in the file).
  auto check = run_perfwatch({"check", "--config", "perfwatch.toml"}, dir.path());
  EXPECT_EQ(check.err.find("perfwatch.toml: line"), std::string::npos) << check.err;

  auto again = run_perfwatch({"init"}, dir.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "perfwatch: error: ./perfwatch.toml: exists (--force to overwrite it)\n");
  EXPECT_EQ(run_perfwatch({"init", "--force", "--project", "lexer"}, dir.path()).exit_code, 0);
  EXPECT_NE(testing::read_file(dir / "perfwatch.toml").find("name = \"lexer\""), std::string::npos);
}

TEST(Init, ProjectDefaultsToTheFolderName) {
  ScratchDir dir;
  std::filesystem::create_directory(dir / "my-service");
  ASSERT_EQ(run_perfwatch({"init", "--dir", "my-service"}, dir.path()).exit_code, 0);
  EXPECT_NE(testing::read_file(dir / "my-service/perfwatch.toml").find("name = \"my-service\""),
            std::string::npos);
}

TEST(InitCi, GitHubWorkflowsHaveEveryPartIssueSixAsksFor) {
  ScratchDir dir;
  auto result =
      run_perfwatch({"init", "ci", "github", "--branch", "trunk", "--project", "p"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("wrote ./.github/workflows/perfwatch.yml\n"), std::string::npos);
  EXPECT_NE(result.out.find("wrote ./.github/workflows/perfwatch-comment.yml\n"),
            std::string::npos);
  // The composite action the workflows use, the same file as perfwatch's own action.yml.
  EXPECT_EQ(testing::read_file(dir / ".github/actions/perfwatch/action.yml"),
            testing::read_file(std::string(PERFWATCH_SOURCE_DIR) + "/action.yml"));
  EXPECT_NE(result.out.find("note: the pipeline expects perfwatch on the runners' PATH"),
            std::string::npos);
  auto checked = run_command({"python3", checker, "github", dir.path().string(), "trunk"});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST(InitCi, GitLabPipelineHasEveryPart) {
  ScratchDir dir;
  ASSERT_EQ(run_perfwatch({"init", "ci", "gitlab"}, dir.path()).exit_code, 0);
  auto checked = run_command({"python3", checker, "gitlab", dir.path().string(), "main"});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST(InitCi, GitLabIncludeFileIsWrittenBesideAnExistingPipeline) {
  ScratchDir dir;
  testing::write_file(dir / ".gitlab-ci.yml", "stages: [build]\n");
  auto result = run_perfwatch({"init", "ci", "gitlab", "--include"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("wrote ./perfwatch.gitlab-ci.yml\n"), std::string::npos);
  EXPECT_NE(result.out.find("include: [{local: perfwatch.gitlab-ci.yml}]"), std::string::npos);
  EXPECT_EQ(testing::read_file(dir / ".gitlab-ci.yml"), "stages: [build]\n");
  std::filesystem::rename(dir / "perfwatch.gitlab-ci.yml", dir / ".gitlab-ci.yml");
  auto checked = run_command({"python3", checker, "gitlab", dir.path().string(), "main"});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
}

TEST(InitCi, TheCheckerNoticesAMissingPart) {
  ScratchDir dir;
  ASSERT_EQ(run_perfwatch({"init", "ci", "github"}, dir.path()).exit_code, 0);
  auto text = testing::read_file(dir / ".github/workflows/perfwatch.yml");
  text.replace(text.find("perfwatch check --report"), 15, "echo check     ");
  testing::write_file(dir / ".github/workflows/perfwatch.yml", text);
  auto checked = run_command({"python3", checker, "github", dir.path().string(), "main"});
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_EQ(checked.out, "github: missing: report runs perfwatch check\n");
}

// Jenkins' Groovy has no parser here: its structure is checked as text.
TEST(InitCi, JenkinsfileIsADeclarativePipelineWithEveryPart) {
  ScratchDir dir;
  ASSERT_EQ(run_perfwatch({"init", "ci", "jenkins", "--perfwatch-source",
                           "https://git.example/perfwatch.git"},
                          dir.path())
                .exit_code,
            0);
  const auto text = testing::read_file(dir / "Jenkinsfile");
  EXPECT_EQ(std::count(text.begin(), text.end(), '{'), std::count(text.begin(), text.end(), '}'));
  EXPECT_EQ(std::count(text.begin(), text.end(), '('), std::count(text.begin(), text.end(), ')'));
  EXPECT_FALSE(std::regex_search(text, std::regex("@[A-Z_]+@"))) << "an unfilled placeholder";
  for (const char* part :
       {"pipeline {", "parameters {", "string(name: 'FILTER'", "string(name: 'PARAMS'",
        "choice(name: 'PROFILE'", "triggers {", "cron(", "matrix {", "axis {", "name 'SHARD'",
        "--shard \"$SHARD/$SHARDS\"", "perfwatch merge shards/shard-*.duckdb -o work.duckdb",
        "copyArtifacts(", "archiveArtifacts artifacts: 'perfwatch.duckdb, pr/**, site/**'",
        "junit allowEmptyResults: true", "check --report", "error('perfwatch found a regression",
        "PERFWATCH_SOURCE = 'https://git.example/perfwatch.git'",
        // issue 15: the history of the last build whatever its result, archived after the check
        // and whatever the verdict; any agent by default, also on the first build (no params
        // yet); the testbed a parameter; installed by scripts/install into a reused workspace
        "selector: lastWithArtifacts()", "label \"${params.AGENT_LABEL ?: ''}\"",
        "PERFWATCH_TESTBED = \"${params.TESTBED ?: ''}\"", "scripts/install\" --prefix",
        "rm -rf shards pr site work.duckdb perfwatch.duckdb",
        // issue 16: an opt-in A/B stage for change requests, a bisect taking GOOD and BAD that
        // runs no suite
        "stage('A/B')", "changeRequest()", "environment name: 'PERFWATCH_AB', value: 'true'",
        "perfwatch --db ab/perfwatch.duckdb ab \"origin/$CHANGE_TARGET\" HEAD",
        "string(name: 'GOOD'", "string(name: 'BAD'", "stage('Bisect')",
        "perfwatch bisect \"$GOOD\" \"$BAD\"",
        "when { expression { !(params.GOOD && params.BAD) } }",
        // issue 14: suspects re-run within a budget, judged against the archived history
        "args+=(--confirm-suspects --confirm-budget 300)",
        "args+=(--confirm-history perfwatch.duckdb)"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part;
  }
  EXPECT_EQ(text.find("lastSuccessful()"), std::string::npos);
  EXPECT_EQ(text.find("defaultValue: 'linux'"), std::string::npos);
  EXPECT_LT(text.find("check --report"), text.find("archiveArtifacts"));
  EXPECT_LT(text.find("archiveArtifacts"), text.find("error('perfwatch found a regression"));
  // Every stage sits inside `stages {`, and the shard stash names match the unstash names.
  EXPECT_LT(text.find("stages {"), text.find("stage('Bench')"));
  EXPECT_NE(text.find("stash name: \"shard-${SHARD}\""), std::string::npos);
  EXPECT_NE(text.find("unstash 'shard-2'"), std::string::npos);
}

TEST(InitCi, BadProviderAndValuesAreInputErrors) {
  ScratchDir dir;
  auto provider = run_perfwatch({"init", "ci", "travis"}, dir.path());
  EXPECT_EQ(provider.exit_code, 2);
  EXPECT_NE(provider.err.find("travis"), std::string::npos);
  auto branch = run_perfwatch({"init", "ci", "github", "--branch", "ma'in"}, dir.path());
  EXPECT_EQ(branch.exit_code, 2);
  EXPECT_EQ(branch.err.substr(0, 35), "perfwatch: error: --branch: 'ma'in'");
  EXPECT_FALSE(std::filesystem::exists(dir / ".github"));
  auto folder = run_perfwatch({"init", "ci", "gitlab", "--dir", "nowhere"}, dir.path());
  EXPECT_EQ(folder.err, "perfwatch: error: --dir: nowhere is not a folder\n");
}

TEST(Templates, EveryPlaceholderIsKnown) {
  scaffold::ScaffoldSettings settings{"p", "main", "perfwatch.toml", "https://x"};
  ASSERT_GE(scaffold::embedded_templates().size(), 5u);
  for (const auto& file : scaffold::embedded_templates()) {
    EXPECT_NO_THROW(scaffold::render(file.content, settings)) << file.name;
  }
  EXPECT_EQ(scaffold::render("uses: a/b@v4 on @BRANCH@ @ x@y", settings),
            "uses: a/b@v4 on main @ x@y");
  EXPECT_THROW(scaffold::render("@NOPE@", settings), std::logic_error);
}

}  // namespace
}  // namespace perfwatch
