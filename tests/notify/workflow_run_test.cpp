// perfwatch notify github-comment --workflow-run-event (issue 15): the pull request a fork's run
// is commented on comes from the workflow_run event and GitHub's API, never from the run's
// artifact; a number that differs (a fork forging it) is refused.
#include "notify/workflow_run.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::LoopbackServer;
using testing::run_perfwatch;
using testing::ScratchDir;

const std::string head_sha = "0123456789abcdef0123456789abcdef01234567";

nlohmann::json fork_event() {
  return {{"action", "completed"},
          {"workflow_run",
           {{"event", "pull_request"},
            {"head_sha", head_sha},
            {"head_branch", "feature"},
            {"head_repository", {{"full_name", "someone/demo"}, {"owner", {{"login", "someone"}}}}},
            {"pull_requests", nlohmann::json::array()}}}};
}

nlohmann::json pull(std::int64_t number, const std::string& sha, const std::string& repository) {
  const auto owner = repository.substr(0, repository.find('/'));
  return {{"number", number},
          {"head",
           {{"sha", sha},
            {"ref", "feature"},
            {"label", owner + ":feature"},
            {"repo", {{"full_name", repository}}}}}};
}

class WorkflowRunComment : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_file(dir_ / "comment.md", "perfwatch: 1 regression\n");
    server_.pulls.push_back(pull(3, "ffff", "acme/demo"));
    server_.pulls.push_back(pull(7, head_sha, "someone/demo"));
  }

  testing::CommandResult comment(const nlohmann::json& event, std::vector<std::string> extra = {}) {
    testing::write_file(dir_ / "event.json", event.dump());
    std::vector<std::string> args = {"notify",     "github-comment",       "--body-file",
                                     "comment.md", "--workflow-run-event", "event.json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_perfwatch(args, dir_.path(),
                         {{"GITHUB_API_URL", server_.url()},
                          {"GITHUB_TOKEN", server_.token},
                          {"GITHUB_REPOSITORY", "acme/demo"},
                          {"GITHUB_REF", "refs/heads/main"}});
  }

  LoopbackServer server_;
  ScratchDir dir_;
};

TEST_F(WorkflowRunComment, AForkRunIsMatchedByItsHeadShaThroughTheApi) {
  auto result = comment(fork_event(), {"--pr", "7"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, 8), "created ");
  EXPECT_EQ(server_.comments_of(7).size(), 1u);
  const auto lookups = server_.received("GET", "/repos/acme/demo/pulls");
  ASSERT_EQ(lookups.size(), 1u);
  EXPECT_NE(lookups[0].query.find("head=someone:feature"), std::string::npos) << lookups[0].query;
}

TEST_F(WorkflowRunComment, AForgedNumberIsRefusedAndNothingIsPosted) {
  auto result = comment(fork_event(), {"--pr", "3"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "perfwatch: error: --pr: #3 is not the pull request that ran (#7, from the "
            "workflow_run event): refused\n");
  EXPECT_TRUE(server_.comments_of(3).empty());
  EXPECT_TRUE(server_.comments_of(7).empty());
}

TEST_F(WorkflowRunComment, AHeadThatNoOpenPullRequestHasIsRefused) {
  auto event = fork_event();
  event["workflow_run"]["head_sha"] = "9999999999999999999999999999999999999999";
  auto result = comment(event);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no open pull request has the run's head 9999"), std::string::npos)
      << result.err;
  // A pull request of another repository with the same head SHA is not it either.
  server_.pulls = {pull(9, head_sha, "intruder/demo")};
  server_.pulls.back()["head"]["label"] = "someone:feature";
  EXPECT_EQ(comment(fork_event()).exit_code, 2);
  EXPECT_TRUE(server_.comments_of(9).empty());
}

TEST_F(WorkflowRunComment, TheEventsOwnPullRequestsAreUsedWhenGitHubListsThem) {
  auto event = fork_event();
  event["workflow_run"]["pull_requests"] = {pull(5, head_sha, "acme/demo")};
  auto result = comment(event);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(server_.comments_of(5).size(), 1u);
  EXPECT_TRUE(server_.received("GET", "/repos/acme/demo/pulls").empty());
}

TEST_F(WorkflowRunComment, AnEventThatIsNotAWorkflowRunIsAnInputError) {
  auto result = comment({{"pull_request", {{"number", 7}}}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "perfwatch: error: --workflow-run-event: event.json is not a workflow_run event\n");
  EXPECT_THROW(notify::workflow_run_head({{"workflow_run", nlohmann::json::object()}}, "e.json"),
               InputError);
}

}  // namespace
}  // namespace perfwatch
