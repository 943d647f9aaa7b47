// notify/github: the few GitHub REST calls perfwatch makes: keep one pull-request comment up to
// date (found by a marker in its body) and open an issue for a regression once (found by a
// marker among the open issues). Every failure is an InputError with one line naming the call,
// the HTTP status and GitHub's message: a wrong token, repository or PR number is the user's to
// fix.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "http/retry.hpp"

namespace perfwatch::notify {

struct GitHubSettings {
  std::string api_url = "https://api.github.com";  // GITHUB_API_URL; no trailing slash needed
  std::string token;                               // GITHUB_TOKEN
  std::string repository;                          // "owner/name"
  http::RetryPolicy retry{3, std::chrono::milliseconds(1000), std::chrono::milliseconds(10'000)};
};

// Settings from the environment (GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY) and `repo`
// when not empty. Throws InputError when the token or repository is missing or malformed.
GitHubSettings github_settings_from_environment(const std::string& repo);

struct CommentResult {
  bool created = false;  // false: an existing comment was updated
  std::int64_t id = 0;
  std::string url;  // html_url
};

struct IssueResult {
  bool opened = false;  // false: an open issue with the marker was already there
  std::int64_t number = 0;
  std::string url;
};

class GitHubClient {
 public:
  explicit GitHubClient(GitHubSettings settings);

  // Updates the comment of pull request `pr` whose body contains `marker` (the first one when
  // several do), or creates one. `body` is posted as given: it should contain the marker.
  CommentResult upsert_comment(std::int64_t pr, const std::string& body, const std::string& marker);

  // Opens an issue unless an open issue's body already contains `marker`.
  IssueResult open_issue_once(const std::string& title, const std::string& body,
                              const std::string& marker, const std::vector<std::string>& labels);

  // The open pull requests whose head is `owner`'s `branch` (GET /repos/R/pulls?head=...).
  std::vector<nlohmann::json> open_pull_requests(const std::string& owner,
                                                 const std::string& branch);

 private:
  http::HttpResponse call(const std::string& method, const std::string& path,
                          const std::string& body = "");
  // GETs every page (100 items each) of a list endpoint; stops after `max_pages`.
  std::vector<std::string> list_pages(const std::string& path, int max_pages = 30);

  GitHubSettings settings_;
};

}  // namespace perfwatch::notify
