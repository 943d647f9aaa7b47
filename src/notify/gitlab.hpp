// notify/gitlab: one merge-request comment (a GitLab "note") kept up to date, found by a marker in
// its body, through GitLab's REST API v4 with a project or personal access token. Every failure
// is an InputError with one line naming the call, the HTTP status and GitLab's message.
#pragma once

#include <cstdint>
#include <string>

#include "http/retry.hpp"

namespace perfwatch::notify {

struct GitLabSettings {
  std::string api_url;  // e.g. https://gitlab.example.com/api/v4 (GitLab CI: CI_API_V4_URL)
  std::string token;    // PERFWATCH_GITLAB_TOKEN: a token with the api scope
  std::string project;  // numeric id or "group/name" (GitLab CI: CI_PROJECT_ID)
  http::RetryPolicy retry{3, std::chrono::milliseconds(1000), std::chrono::milliseconds(10'000)};
};

// Settings from the flags when not empty, else from the environment: PERFWATCH_GITLAB_API_URL
// or CI_API_V4_URL, PERFWATCH_GITLAB_TOKEN, PERFWATCH_GITLAB_PROJECT or CI_PROJECT_ID. Throws
// InputError naming the flag or variable that is missing or malformed.
GitLabSettings gitlab_settings_from_environment(const std::string& api_url,
                                                const std::string& project);

struct NoteResult {
  bool created = false;  // false: an existing note was updated
  std::int64_t id = 0;
};

class GitLabClient {
 public:
  explicit GitLabClient(GitLabSettings settings);

  // Updates the note of merge request `iid` whose body contains `marker` (the first one), or
  // creates one. `body` is posted as given: it should contain the marker.
  NoteResult upsert_note(std::int64_t iid, const std::string& body, const std::string& marker);

 private:
  http::HttpResponse call(const std::string& method, const std::string& path,
                          const std::string& body = "");

  GitLabSettings settings_;
  std::string project_path_;  // /projects/ID with the id URL-encoded
};

}  // namespace perfwatch::notify
