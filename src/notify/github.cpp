#include "notify/github.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/error.hpp"
#include "notify/forge_call.hpp"

namespace perfwatch::notify {
namespace {

using json = nlohmann::json;

// GitHub's error bodies are {"message": "...", "documentation_url": ...}.
std::string github_message(const std::string& body) {
  const auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return parsed["message"].get<std::string>();
  }
  return one_line_excerpt(body);
}

// An item's "body" (comments and issues may have none: null).
std::string body_of(const json& item) {
  const auto body = item.find("body");
  return body != item.end() && body->is_string() ? body->get<std::string>() : "";
}

json parse_reply(const http::HttpResponse& response, const std::string& what) {
  auto parsed = json::parse(response.body, nullptr, false);
  if (parsed.is_discarded()) {
    throw InputError("GitHub API: " + what + ": the reply is not JSON (is GITHUB_API_URL right?)");
  }
  return parsed;
}

}  // namespace

GitHubSettings github_settings_from_environment(const std::string& repo) {
  GitHubSettings settings;
  if (const auto api = environment_variable("GITHUB_API_URL"); !api.empty()) settings.api_url = api;
  while (!settings.api_url.empty() && settings.api_url.back() == '/') settings.api_url.pop_back();
  http::split_url(settings.api_url, "GITHUB_API_URL");  // validates
  settings.token = environment_variable("GITHUB_TOKEN");
  if (settings.token.empty()) {
    throw InputError(
        "GITHUB_TOKEN is not set: give the job a token that may write comments/issues");
  }
  settings.repository = repo.empty() ? environment_variable("GITHUB_REPOSITORY") : repo;
  static const std::regex owner_name(R"([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)");
  if (settings.repository.empty()) {
    throw InputError("--repo: name the repository as owner/name (or set GITHUB_REPOSITORY)");
  }
  if (!std::regex_match(settings.repository, owner_name)) {
    throw InputError("--repo: '" + settings.repository + "' is not owner/name");
  }
  return settings;
}

GitHubClient::GitHubClient(GitHubSettings settings) : settings_(std::move(settings)) {}

http::HttpResponse GitHubClient::call(const std::string& method, const std::string& path,
                                      const std::string& body) {
  http::HttpRequest request;
  request.method = method;
  request.url = settings_.api_url + path;
  request.headers = {{"Authorization", "Bearer " + settings_.token},
                     {"Accept", "application/vnd.github+json"},
                     {"X-GitHub-Api-Version", "2022-11-28"},
                     {"User-Agent", "perfwatch"}};
  request.body = body;
  static const ForgeErrors errors{"GitHub API", "check GITHUB_TOKEN",
                                  "check --repo, the number and the token's permissions",
                                  github_message};
  return call_forge(request, path, settings_.retry, errors);
}

std::vector<std::string> GitHubClient::list_pages(const std::string& path, int max_pages) {
  std::vector<std::string> pages;
  const char separator = path.find('?') == std::string::npos ? '?' : '&';
  for (int page = 1; page <= max_pages; ++page) {
    auto response = call("GET", fmt::format("{}{}per_page=100&page={}", path, separator, page));
    const auto items = parse_reply(response, "GET " + path);
    if (!items.is_array()) throw InputError("GitHub API: GET " + path + ": expected a list");
    pages.push_back(std::move(response.body));
    if (items.size() < 100) break;
  }
  return pages;
}

CommentResult GitHubClient::upsert_comment(std::int64_t pr, const std::string& body,
                                           const std::string& marker) {
  const auto comments = fmt::format("/repos/{}/issues/{}/comments", settings_.repository, pr);
  const std::string payload = json{{"body", body}}.dump();
  for (const auto& page : list_pages(comments)) {
    for (const auto& comment : json::parse(page)) {
      if (body_of(comment).find(marker) == std::string::npos) continue;
      const auto id = comment.at("id").get<std::int64_t>();
      const auto path = fmt::format("/repos/{}/issues/comments/{}", settings_.repository, id);
      const auto updated = parse_reply(call("PATCH", path, payload), "PATCH " + path);
      return {false, id, updated.value("html_url", "")};
    }
  }
  const auto created = parse_reply(call("POST", comments, payload), "POST " + comments);
  return {true, created.value("id", std::int64_t{0}), created.value("html_url", "")};
}

IssueResult GitHubClient::open_issue_once(const std::string& title, const std::string& body,
                                          const std::string& marker,
                                          const std::vector<std::string>& labels) {
  const auto issues = fmt::format("/repos/{}/issues", settings_.repository);
  for (const auto& page : list_pages(issues + "?state=open")) {
    for (const auto& issue : json::parse(page)) {
      if (issue.contains("pull_request")) continue;  // the issues API lists PRs too
      if (body_of(issue).find(marker) == std::string::npos) continue;
      return {false, issue.value("number", std::int64_t{0}), issue.value("html_url", "")};
    }
  }
  json payload = {{"title", title}, {"body", body}};
  if (!labels.empty()) payload["labels"] = labels;
  const auto created = parse_reply(call("POST", issues, payload.dump()), "POST " + issues);
  return {true, created.value("number", std::int64_t{0}), created.value("html_url", "")};
}

std::vector<json> GitHubClient::open_pull_requests(const std::string& owner,
                                                   const std::string& branch) {
  std::string head = owner + ":" + branch;
  std::string escaped;  // the branch may hold characters a query cannot (e.g. '#', '&', '+')
  for (const unsigned char c : head) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':') {
      escaped += static_cast<char>(c);
    } else {
      escaped += fmt::format("%{:02X}", c);
    }
  }
  std::vector<json> pulls;
  const auto path =
      fmt::format("/repos/{}/pulls?state=open&head={}", settings_.repository, escaped);
  for (const auto& page : list_pages(path, 3)) {
    for (auto& pull : json::parse(page)) pulls.push_back(std::move(pull));
  }
  return pulls;
}

}  // namespace perfwatch::notify
