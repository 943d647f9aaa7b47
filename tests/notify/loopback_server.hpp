// A real HTTP server on 127.0.0.1 (an ephemeral port) in the test process that plays the parts
// of the GitHub REST API perfwatch uses (issue comments, issues) and webhook receivers, and
// records every request it received.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace perfwatch::testing {

struct ReceivedRequest {
  std::string method, path, query, body, authorization, content_type;
};

class LoopbackServer {
 public:
  std::string token = "test-token";    // the only token the fake API accepts
  std::vector<nlohmann::json> issues;  // open issues and PRs, as GitHub lists them
  std::vector<nlohmann::json> pulls;  // open pull requests: {number, head: {sha, ref, label, repo}}
  std::map<std::int64_t, std::vector<nlohmann::json>> comments;  // per issue/PR number
  std::map<std::string, int> failures_left;  // webhook path -> 5xx answers before a 200

  LoopbackServer() {
    // Recorded before the answer is sent: a logger runs after it, when the client may already
    // be asking what the server received.
    server_.set_post_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      std::string query;
      for (const auto& [name, value] : request.params) {
        query += (query.empty() ? "" : "&") + name + "=" + value;
      }
      const std::lock_guard lock(mutex_);
      received_.push_back({request.method, request.path, query, request.body,
                           request.get_header_value("Authorization"),
                           request.get_header_value("Content-Type")});
    });
    server_.Get(R"(/repos/([^/]+)/([^/]+)/issues/(\d+)/comments)",
                [this](const httplib::Request& request, httplib::Response& response) {
                  if (!authorised(request, response)) return;
                  const std::lock_guard lock(mutex_);
                  reply_page(comments[std::stoll(request.matches[3])], request, response);
                });
    server_.Post(R"(/repos/([^/]+)/([^/]+)/issues/(\d+)/comments)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   if (!authorised(request, response)) return;
                   const std::lock_guard lock(mutex_);
                   nlohmann::json comment = {{"id", next_id_++},
                                             {"body", nlohmann::json::parse(request.body)["body"]}};
                   comment["html_url"] = "http://github.test/c/" + comment["id"].dump();
                   comments[std::stoll(request.matches[3])].push_back(comment);
                   reply(response, 201, comment);
                 });
    server_.Patch(R"(/repos/([^/]+)/([^/]+)/issues/comments/(\d+))",
                  [this](const httplib::Request& request, httplib::Response& response) {
                    if (!authorised(request, response)) return;
                    const std::lock_guard lock(mutex_);
                    for (auto& [number, list] : comments) {
                      for (auto& comment : list) {
                        if (comment["id"] != std::stoll(request.matches[3])) continue;
                        comment["body"] = nlohmann::json::parse(request.body)["body"];
                        reply(response, 200, comment);
                        return;
                      }
                    }
                    reply(response, 404, {{"message", "Not Found"}});
                  });
    server_.Get(R"(/repos/([^/]+)/([^/]+)/issues)",
                [this](const httplib::Request& request, httplib::Response& response) {
                  if (!authorised(request, response)) return;
                  const std::lock_guard lock(mutex_);
                  reply_page(issues, request, response);
                });
    server_.Post(R"(/repos/([^/]+)/([^/]+)/issues)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   if (!authorised(request, response)) return;
                   const std::lock_guard lock(mutex_);
                   auto issue = nlohmann::json::parse(request.body);
                   issue["number"] = next_id_++;
                   issue["html_url"] = "http://github.test/i/" + issue["number"].dump();
                   issues.push_back(issue);
                   reply(response, 201, issue);
                 });
    // GET /repos/R/pulls?head=OWNER:BRANCH: the open pull requests with that head label.
    server_.Get(R"(/repos/([^/]+)/([^/]+)/pulls)",
                [this](const httplib::Request& request, httplib::Response& response) {
                  if (!authorised(request, response)) return;
                  const std::lock_guard lock(mutex_);
                  std::vector<nlohmann::json> matching;
                  for (const auto& pull : pulls) {
                    if (!request.has_param("head") ||
                        pull["head"]["label"] == request.get_param_value("head")) {
                      matching.push_back(pull);
                    }
                  }
                  reply_page(matching, request, response);
                });
    server_.Post(R"(/hook/(.*))",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   const std::lock_guard lock(mutex_);
                   auto& left = failures_left[request.path];
                   if (left > 0) {
                     --left;
                     response.status = 500;
                     return;
                   }
                   response.status = request.path == "/hook/gone" ? 410 : 200;
                   response.set_content("ok", "text/plain");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<ReceivedRequest> received() const {
    const std::lock_guard lock(mutex_);
    return received_;
  }
  // Requests received for `path` (exactly), in order.
  std::vector<ReceivedRequest> received(const std::string& method, const std::string& path) const {
    std::vector<ReceivedRequest> matching;
    for (const auto& request : received()) {
      if (request.method == method && request.path == path) matching.push_back(request);
    }
    return matching;
  }
  std::vector<nlohmann::json> comments_of(std::int64_t number) {
    const std::lock_guard lock(mutex_);
    return comments[number];
  }
  std::vector<nlohmann::json> open_issues() {
    const std::lock_guard lock(mutex_);
    return issues;
  }

 private:
  bool authorised(const httplib::Request& request, httplib::Response& response) {
    if (request.get_header_value("Authorization") == "Bearer " + token &&
        request.get_header_value("User-Agent") != "") {
      return true;
    }
    reply(response, 401, {{"message", "Bad credentials"}});
    return false;
  }
  static void reply(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump(), "application/json");
  }
  // GitHub's pagination: per_page items of page `page` (1-based).
  static void reply_page(const std::vector<nlohmann::json>& items, const httplib::Request& request,
                         httplib::Response& response) {
    const std::size_t per_page =
        request.has_param("per_page") ? std::stoul(request.get_param_value("per_page")) : 30;
    const std::size_t page =
        request.has_param("page") ? std::stoul(request.get_param_value("page")) : 1;
    auto list = nlohmann::json::array();
    for (std::size_t index = (page - 1) * per_page; index < items.size() && list.size() < per_page;
         ++index) {
      list.push_back(items[index]);
    }
    reply(response, 200, list);
  }

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::vector<ReceivedRequest> received_;
  std::int64_t next_id_ = 1000;
};

}  // namespace perfwatch::testing
