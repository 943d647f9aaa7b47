// perfwatch notify github-comment / github-issue against a loopback server playing GitHub.
#include <gtest/gtest.h>

#include "notify/issue.hpp"
#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::LoopbackServer;
using testing::run_perfwatch;
using testing::ScratchDir;

std::map<std::string, std::string> github_env(const LoopbackServer& server,
                                              const std::string& token = "test-token") {
  return {{"GITHUB_API_URL", server.url()},
          {"GITHUB_TOKEN", token},
          {"GITHUB_REPOSITORY", ""},
          {"GITHUB_REF", ""}};
}

// A summary as `perfwatch report --format json` writes it, with `red` regressed benchmarks.
nlohmann::json summary(const std::vector<std::string>& red) {
  nlohmann::json changed = nlohmann::json::array();
  for (const auto& name : red) {
    changed.push_back({{"benchmark", name},
                       {"params", nlohmann::json::object()},
                       {"measure", "latency"},
                       {"status", "red"},
                       {"base", 100.0},
                       {"head", 130.0},
                       {"change", 0.3},
                       {"summary", name + " latency 130 ns, +30% beyond 112 ns"}});
  }
  return {{"marker", "<!-- perfwatch-report -->"},
          {"verdict", red.empty() ? "ok" : "regression"},
          {"headline", red.empty() ? "no regression" : std::to_string(red.size()) + " regressions"},
          {"project", "parser"},
          {"branch", "main"},
          {"testbed", "ci"},
          {"commit", "0123456789abcdef"},
          {"ci_run_url", "https://ci.test/run/7"},
          {"changed", changed},
          {"unchanged", nlohmann::json::array()},
          {"objectives", nlohmann::json::array()}};
}

TEST(GitHubComment, IsCreatedOnceThenUpdatedInPlace) {
  LoopbackServer server;
  server.comments[42] = {{{"id", 7}, {"body", "LGTM"}}};  // someone else's comment stays
  ScratchDir dir;
  testing::write_file(dir / "first.md", "## Benchmarks\nfirst run\n");
  testing::write_file(dir / "second.md", "## Benchmarks\nsecond run\n");

  auto first = run_perfwatch({"notify", "github-comment", "--repo", "acme/parser", "--pr", "42",
                              "--body-file", "first.md"},
                             dir.path(), github_env(server));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.substr(0, 16), "created comment ");
  auto second = run_perfwatch({"notify", "github-comment", "--repo", "acme/parser", "--pr", "42",
                               "--body-file", "second.md"},
                              dir.path(), github_env(server));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out.substr(0, 16), "updated comment ");

  const auto comments = server.comments_of(42);
  ASSERT_EQ(comments.size(), 2u);
  EXPECT_EQ(comments[0]["body"], "LGTM");
  EXPECT_EQ(comments[1]["body"], "<!-- perfwatch-report -->\n## Benchmarks\nsecond run\n");
  EXPECT_EQ(server.received("POST", "/repos/acme/parser/issues/42/comments").size(), 1u);
  const auto patches =
      server.received("PATCH", "/repos/acme/parser/issues/comments/" + comments[1]["id"].dump());
  ASSERT_EQ(patches.size(), 1u);
  EXPECT_EQ(patches[0].authorization, "Bearer test-token");
  EXPECT_EQ(patches[0].content_type, "application/json");
}

TEST(GitHubComment, FindsItsCommentBeyondTheFirstPageAndReadsStdin) {
  LoopbackServer server;
  for (int index = 0; index < 150; ++index) {
    server.comments[5].push_back({{"id", index + 1}, {"body", "chatter " + std::to_string(index)}});
  }
  server.comments[5].push_back({{"id", 999}, {"body", "<!-- perfwatch-report -->\nold"}});
  auto result = run_perfwatch({"notify", "github-comment", "--body-file", "-"},
                              std::filesystem::current_path(),
                              {{"GITHUB_API_URL", server.url() + "/"},
                               {"GITHUB_TOKEN", "test-token"},
                               {"GITHUB_REPOSITORY", "acme/parser"},
                               {"GITHUB_REF", "refs/pull/5/merge"}},
                              "new table\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "updated comment 999 on pull request #5\n");
  EXPECT_EQ(server.comments_of(5).back()["body"], "<!-- perfwatch-report -->\nnew table\n");
  EXPECT_EQ(server.received("GET", "/repos/acme/parser/issues/5/comments").size(), 2u);
}

TEST(GitHubComment, BadTokenIsOneClearLineAndExitTwo) {
  LoopbackServer server;
  ScratchDir dir;
  testing::write_file(dir / "body.md", "x\n");
  auto result = run_perfwatch(
      {"notify", "github-comment", "--repo", "acme/parser", "--pr", "1", "--body-file", "body.md"},
      dir.path(), github_env(server, "wrong"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "perfwatch: error: GitHub API: GET /repos/acme/parser/issues/1/comments?per_page=100&"
            "page=1: HTTP 401: Bad credentials (check GITHUB_TOKEN)\n");
  EXPECT_TRUE(server.comments_of(1).empty());
}

TEST(GitHubComment, UnknownRepositoryNamesTheCallAndWhatToCheck) {
  LoopbackServer server;
  ScratchDir dir;
  testing::write_file(dir / "body.md", "x\n");
  // The fake API has no route for a repository path with an extra segment: 404, as GitHub.
  auto result = run_perfwatch(
      {"notify", "github-comment", "--repo", "acme/parser", "--pr", "3", "--body-file", "body.md"},
      dir.path(),
      {{"GITHUB_API_URL", server.url() + "/enterprise"}, {"GITHUB_TOKEN", "test-token"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("GET /repos/acme/parser/issues/3/comments?per_page=100&page=1: "
                            "HTTP 404"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("(check --repo, the number and the token's permissions)"),
            std::string::npos);
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1);
}

TEST(GitHubComment, MissingSettingsAreInputErrors) {
  LoopbackServer server;
  ScratchDir dir;
  testing::write_file(dir / "body.md", "x\n");
  auto no_token = run_perfwatch(
      {"notify", "github-comment", "--repo", "a/b", "--pr", "1", "--body-file", "body.md"},
      dir.path(), github_env(server, ""));
  EXPECT_EQ(no_token.exit_code, 2);
  EXPECT_NE(no_token.err.find("GITHUB_TOKEN is not set"), std::string::npos);
  auto no_pr =
      run_perfwatch({"notify", "github-comment", "--repo", "a/b", "--body-file", "body.md"},
                    dir.path(), github_env(server));
  EXPECT_EQ(no_pr.exit_code, 2);
  EXPECT_NE(no_pr.err.find("--pr:"), std::string::npos);
  auto bad_repo = run_perfwatch(
      {"notify", "github-comment", "--repo", "nobody", "--pr", "1", "--body-file", "body.md"},
      dir.path(), github_env(server));
  EXPECT_EQ(bad_repo.err, "perfwatch: error: --repo: 'nobody' is not owner/name\n");
  auto no_file = run_perfwatch(
      {"notify", "github-comment", "--repo", "a/b", "--pr", "1", "--body-file", "missing.md"},
      dir.path(), github_env(server));
  EXPECT_EQ(no_file.err, "perfwatch: error: --body-file: cannot read missing.md\n");
  EXPECT_TRUE(server.received().empty());
}

TEST(GitHubComment, UnreachableApiIsAnErrorNamingIt) {
  int port = 0;
  {
    LoopbackServer gone;  // a port that was just free and is closed again
    port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
  }
  ScratchDir dir;
  testing::write_file(dir / "body.md", "x\n");
  auto result = run_perfwatch(
      {"notify", "github-comment", "--repo", "a/b", "--pr", "1", "--body-file", "body.md"},
      dir.path(),
      {{"GITHUB_API_URL", "http://127.0.0.1:" + std::to_string(port)}, {"GITHUB_TOKEN", "t"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("GitHub API: GET /repos/a/b/issues/1/comments"), std::string::npos);
  EXPECT_NE(result.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << result.err;
}

TEST(GitHubIssue, IsOpenedOnceForTheSameRegression) {
  LoopbackServer server;
  server.issues.push_back({{"number", 1},
                           {"body", "<!-- perfwatch-regression:x -->"},
                           {"pull_request", {{"url", "u"}}}});  // a PR: not an issue
  ScratchDir dir;
  testing::write_file(dir / "summary.json", summary({"parse", "lex"}).dump());
  const std::vector<std::string> args = {"notify",    "github-issue", "--repo",  "acme/parser",
                                         "--summary", "summary.json", "--label", "performance"};
  auto first = run_perfwatch(args, dir.path(), github_env(server));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "opened issue #1000: http://github.test/i/1000\n");
  auto again = run_perfwatch(args, dir.path(), github_env(server));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "already open: issue #1000: http://github.test/i/1000\n");

  const auto issues = server.open_issues();
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[1]["title"], "Performance regression on main: parse and 1 more");
  EXPECT_EQ(issues[1]["labels"], nlohmann::json::array({"performance"}));
  const auto body = issues[1]["body"].get<std::string>();
  EXPECT_EQ(body.rfind("<!-- perfwatch-regression:", 0), 0u) << body;
  EXPECT_NE(body.find("| parse | latency | 100 | 130 | +30.0% |"), std::string::npos) << body;
  EXPECT_NE(body.find("[The CI run](https://ci.test/run/7)"), std::string::npos);
  EXPECT_EQ(server.received("POST", "/repos/acme/parser/issues").size(), 1u);

  // A different regression is news: a second issue.
  testing::write_file(dir / "summary.json", summary({"parse"}).dump());
  auto other = run_perfwatch(args, dir.path(), github_env(server));
  EXPECT_EQ(other.out, "opened issue #1001: http://github.test/i/1001\n");
}

TEST(GitHubIssue, NoRegressionOpensNothing) {
  LoopbackServer server;
  ScratchDir dir;
  testing::write_file(dir / "summary.json", summary({}).dump());
  auto result =
      run_perfwatch({"notify", "github-issue", "--repo", "a/b", "--summary", "summary.json"},
                    dir.path(), github_env(server));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "no regression in summary.json: no issue opened\n");
  EXPECT_TRUE(server.received().empty());
}

TEST(GitHubIssue, FreeTextIssueIsKeyedByItsTitle) {
  LoopbackServer server;
  ScratchDir dir;
  testing::write_file(dir / "body.md", "nightly got slower\n");
  const std::vector<std::string> args = {"notify",  "github-issue",       "--repo",      "a/b",
                                         "--title", "Nightly regression", "--body-file", "body.md"};
  EXPECT_EQ(run_perfwatch(args, dir.path(), github_env(server)).out.substr(0, 12), "opened issue");
  EXPECT_EQ(run_perfwatch(args, dir.path(), github_env(server)).out.substr(0, 12), "already open");
  ASSERT_EQ(server.open_issues().size(), 1u);
  EXPECT_EQ(server.open_issues()[0]["body"],
            notify::regression_marker("Nightly regression") + "\nnightly got slower\n");
}

TEST(GitHubIssue, SummaryThatIsNotOneIsRefused) {
  ScratchDir dir;
  testing::write_file(dir / "summary.json", R"({"verdict": "ok"})");
  auto result =
      run_perfwatch({"notify", "github-issue", "--repo", "a/b", "--summary", "summary.json"},
                    dir.path(), {{"GITHUB_TOKEN", "t"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("summary.json: not a report summary (no \"headline\""),
            std::string::npos)
      << result.err;
  testing::write_file(dir / "broken.json", "{\"verdict\":");
  auto broken =
      run_perfwatch({"notify", "github-issue", "--repo", "a/b", "--summary", "broken.json"},
                    dir.path(), {{"GITHUB_TOKEN", "t"}});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("--summary: broken.json: not JSON at byte"), std::string::npos);
}

TEST(RegressionMarker, SameSeriesSameMarkerWhateverTheOrder) {
  auto one = notify::issue_from_summary(summary({"a", "b"}), "s");
  auto two = notify::issue_from_summary(summary({"b", "a"}), "s");
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->marker, two->marker);
  EXPECT_NE(notify::issue_from_summary(summary({"a"}), "s")->marker, one->marker);
  EXPECT_FALSE(notify::issue_from_summary(summary({}), "s"));
}

}  // namespace
}  // namespace perfwatch
