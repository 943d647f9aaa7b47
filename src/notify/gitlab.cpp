#include "notify/gitlab.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "notify/forge_call.hpp"

namespace perfwatch::notify {
namespace {

using json = nlohmann::json;

// GitLab's error bodies are {"message": ...} (a text or an object of field errors) or
// {"error": "..."}.
std::string gitlab_message(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    for (const char* key : {"message", "error"}) {
      if (!parsed.contains(key)) continue;
      return parsed[key].is_string() ? parsed[key].get<std::string>() : parsed[key].dump();
    }
  }
  return one_line_excerpt(body);
}

// A project's path ("group/name") goes into the URL encoded, as GitLab's API asks.
std::string url_encoded(const std::string& text) {
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

GitLabSettings gitlab_settings_from_environment(const std::string& api_url,
                                                const std::string& project) {
  GitLabSettings settings;
  settings.api_url = !api_url.empty() ? api_url
                     : !environment_variable("PERFWATCH_GITLAB_API_URL").empty()
                         ? environment_variable("PERFWATCH_GITLAB_API_URL")
                         : environment_variable("CI_API_V4_URL");
  while (!settings.api_url.empty() && settings.api_url.back() == '/') settings.api_url.pop_back();
  if (settings.api_url.empty()) {
    throw InputError(
        "--api-url: name GitLab's API (https://HOST/api/v4), or set PERFWATCH_GITLAB_API_URL "
        "(GitLab CI sets CI_API_V4_URL)");
  }
  http::split_url(settings.api_url, "--api-url");  // validates
  settings.token = environment_variable("PERFWATCH_GITLAB_TOKEN");
  if (settings.token.empty()) {
    throw InputError(
        "PERFWATCH_GITLAB_TOKEN is not set: give the job a project or personal access token "
        "with the api scope");
  }
  settings.project = !project.empty() ? project
                     : !environment_variable("PERFWATCH_GITLAB_PROJECT").empty()
                         ? environment_variable("PERFWATCH_GITLAB_PROJECT")
                         : environment_variable("CI_PROJECT_ID");
  if (settings.project.empty()) {
    throw InputError(
        "--project: name the GitLab project (its id or group/name), or set "
        "PERFWATCH_GITLAB_PROJECT (GitLab CI sets CI_PROJECT_ID)");
  }
  return settings;
}

GitLabClient::GitLabClient(GitLabSettings settings)
    : settings_(std::move(settings)),
      project_path_("/projects/" + url_encoded(settings_.project)) {}

http::HttpResponse GitLabClient::call(const std::string& method, const std::string& path,
                                      const std::string& body) {
  http::HttpRequest request;
  request.method = method;
  request.url = settings_.api_url + path;
  request.headers = {{"PRIVATE-TOKEN", settings_.token}, {"User-Agent", "perfwatch"}};
  request.body = body;
  static const ForgeErrors errors{
      "GitLab API", "check PERFWATCH_GITLAB_TOKEN",
      "check --project, the merge request's number and the token's scope", gitlab_message};
  return call_forge(request, path, settings_.retry, errors);
}

NoteResult GitLabClient::upsert_note(std::int64_t iid, const std::string& body,
                                     const std::string& marker) {
  const auto notes = fmt::format("{}/merge_requests/{}/notes", project_path_, iid);
  const std::string payload = json{{"body", body}}.dump();
  constexpr int max_pages = 30;
  for (int page = 1; page <= max_pages; ++page) {
    const auto path =
        fmt::format("{}?sort=asc&order_by=created_at&per_page=100&page={}", notes, page);
    const auto listed = json::parse(call("GET", path).body, nullptr, false);
    if (!listed.is_array()) throw InputError("GitLab API: GET " + notes + ": expected a list");
    for (const auto& note : listed) {
      const auto found = note.find("body");
      if (found == note.end() || !found->is_string()) continue;
      if (found->get<std::string>().find(marker) == std::string::npos) continue;
      const auto id = note.at("id").get<std::int64_t>();
      call("PUT", fmt::format("{}/{}", notes, id), payload);
      return {false, id};
    }
    if (listed.size() < 100) break;
  }
  const auto created = json::parse(call("POST", notes, payload).body, nullptr, false);
  if (!created.is_object())
    throw InputError("GitLab API: POST " + notes + ": the reply is not JSON");
  return {true, created.value("id", std::int64_t{0})};
}

}  // namespace perfwatch::notify
