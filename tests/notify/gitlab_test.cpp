// perfwatch notify gitlab-comment against a loopback server playing GitLab's notes API (v4).
#include <gtest/gtest.h>

#include "notify/fake_gitlab.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::FakeGitLab;
using testing::run_perfwatch;
using testing::ScratchDir;

// The variables of a GitLab merge-request pipeline.
std::map<std::string, std::string> gitlab_env(const FakeGitLab& gitlab,
                                              const std::string& token = "glpat-test") {
  return {{"CI_API_V4_URL", gitlab.api_url()}, {"CI_PROJECT_ID", "acme/parser"},
          {"CI_MERGE_REQUEST_IID", "12"},      {"PERFWATCH_GITLAB_TOKEN", token},
          {"PERFWATCH_GITLAB_API_URL", ""},    {"PERFWATCH_GITLAB_PROJECT", ""}};
}

TEST(GitLabComment, IsCreatedOnceThenUpdatedInPlace) {
  FakeGitLab gitlab;
  gitlab.notes[12] = {{{"id", 1}, {"body", "Looks good"}}};  // someone else's note stays
  ScratchDir dir;
  testing::write_file(dir / "first.md", "| loop | DIFFERENT |\n");
  testing::write_file(dir / "second.md", "| loop | SAME |\n");
  const std::vector<std::string> args = {"notify", "gitlab-comment", "--marker",
                                         "<!-- perfwatch-ab -->", "--body-file"};
  auto with = [&](const std::string& file) {
    auto all = args;
    all.push_back(file);
    return all;
  };
  const auto first = run_perfwatch(with("first.md"), dir.path(), gitlab_env(gitlab));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "created note 1000 on merge request !12\n");
  const auto second = run_perfwatch(with("second.md"), dir.path(), gitlab_env(gitlab));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "updated note 1000 on merge request !12\n");

  const auto notes = gitlab.notes_of(12);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["body"], "Looks good");
  EXPECT_EQ(notes[1]["body"], "<!-- perfwatch-ab -->\n| loop | SAME |\n");
  const auto requests = gitlab.requests();
  EXPECT_EQ(std::count(requests.begin(), requests.end(),
                       "POST /api/v4/projects/acme%2Fparser/merge_requests/12/notes"),
            1);
  EXPECT_EQ(std::count(requests.begin(), requests.end(),
                       "PUT /api/v4/projects/acme%2Fparser/merge_requests/12/notes/1000"),
            1);
}

TEST(GitLabComment, FindsItsNoteBeyondTheFirstPageWithFlagsInsteadOfVariables) {
  FakeGitLab gitlab;
  for (int index = 0; index < 130; ++index)
    gitlab.notes[3].push_back({{"id", index + 1}, {"body", "chatter " + std::to_string(index)}});
  gitlab.notes[3].push_back({{"id", 500}, {"body", "<!-- perfwatch-report -->\nold"}});
  auto env = gitlab_env(gitlab);
  env["CI_API_V4_URL"] = env["CI_PROJECT_ID"] = env["CI_MERGE_REQUEST_IID"] = "";
  const auto result =
      run_perfwatch({"notify", "gitlab-comment", "--api-url", gitlab.api_url() + "/", "--project",
                     "acme/parser", "--mr", "3", "--body-file", "-"},
                    std::filesystem::current_path(), env, "new table\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "updated note 500 on merge request !3\n");
  EXPECT_EQ(gitlab.notes_of(3).back()["body"], "<!-- perfwatch-report -->\nnew table\n");
}

TEST(GitLabComment, BadTokenAndMissingSettingsAreOneLineAndExitTwo) {
  FakeGitLab gitlab;
  ScratchDir dir;
  testing::write_file(dir / "body.md", "table\n");
  const std::vector<std::string> args = {"notify", "gitlab-comment", "--body-file", "body.md"};
  const auto refused = run_perfwatch(args, dir.path(), gitlab_env(gitlab, "wrong"));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("HTTP 401"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("PERFWATCH_GITLAB_TOKEN"), std::string::npos) << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;

  auto no_token = gitlab_env(gitlab, "");
  const auto missing = run_perfwatch(args, dir.path(), no_token);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("PERFWATCH_GITLAB_TOKEN is not set"), std::string::npos);

  auto no_mr = gitlab_env(gitlab);
  no_mr["CI_MERGE_REQUEST_IID"] = "";
  const auto without_mr = run_perfwatch(args, dir.path(), no_mr);
  EXPECT_EQ(without_mr.exit_code, 2);
  EXPECT_NE(without_mr.err.find("--mr"), std::string::npos) << without_mr.err;
  EXPECT_TRUE(gitlab.notes_of(12).empty());
}

}  // namespace
}  // namespace perfwatch
