// perfwatch notify gitlab-comment against a loopback server playing GitLab's notes API (v4).
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// The notes of merge requests of project acme/parser, by merge-request iid, behind GitLab's
// PRIVATE-TOKEN header; records each request as "METHOD TARGET" (the path as sent, before the
// server decodes it: the project's path must arrive encoded, acme%2Fparser).
class FakeGitLab {
 public:
  std::map<std::int64_t, std::vector<nlohmann::json>> notes;  // of project "acme/parser"

  FakeGitLab() {
    const std::string base = R"(/api/v4/projects/acme/parser/merge_requests/(\d+)/notes)";
    server_.Get(base, [this](const httplib::Request& request, httplib::Response& response) {
      if (!authorised(request, response)) return;
      const std::lock_guard lock(mutex_);
      const auto& list = notes[std::stoll(request.matches[1])];
      const auto per_page = std::stoul(request.get_param_value("per_page"));
      const auto page = std::stoul(request.get_param_value("page"));
      nlohmann::json slice = nlohmann::json::array();
      for (auto i = (page - 1) * per_page; i < std::min(list.size(), page * per_page); ++i)
        slice.push_back(list[i]);
      response.set_content(slice.dump(), "application/json");
    });
    server_.Post(base, [this](const httplib::Request& request, httplib::Response& response) {
      if (!authorised(request, response)) return;
      const std::lock_guard lock(mutex_);
      nlohmann::json note = {{"id", next_id_++},
                             {"body", nlohmann::json::parse(request.body)["body"]}};
      notes[std::stoll(request.matches[1])].push_back(note);
      response.status = 201;
      response.set_content(note.dump(), "application/json");
    });
    server_.Put(base + R"(/(\d+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  if (!authorised(request, response)) return;
                  const std::lock_guard lock(mutex_);
                  for (auto& note : notes[std::stoll(request.matches[1])]) {
                    if (note["id"] != std::stoll(request.matches[2])) continue;
                    note["body"] = nlohmann::json::parse(request.body)["body"];
                    response.set_content(note.dump(), "application/json");
                    return;
                  }
                  response.status = 404;
                  response.set_content(R"({"message":"404 Not found"})", "application/json");
                });
    server_.set_post_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      const std::lock_guard lock(mutex_);
      requests_.push_back(request.method + " " +
                          request.target.substr(0, request.target.find('?')));
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  FakeGitLab(const FakeGitLab&) = delete;
  FakeGitLab& operator=(const FakeGitLab&) = delete;
  ~FakeGitLab() {
    server_.stop();
    thread_.join();
  }

  std::string api_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/api/v4"; }
  std::vector<std::string> requests() {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<nlohmann::json> notes_of(std::int64_t iid) {
    const std::lock_guard lock(mutex_);
    return notes[iid];
  }

 private:
  bool authorised(const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("PRIVATE-TOKEN") == "glpat-test") return true;
    response.status = 401;
    response.set_content(R"({"message":"401 Unauthorized"})", "application/json");
    return false;
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::int64_t next_id_ = 1000;
  std::vector<std::string> requests_;
};

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
