// A real HTTP server on 127.0.0.1 (an ephemeral port) in the test process that plays the part of
// GitLab's REST API v4 perfwatch uses: the notes (comments) of merge requests.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace perfwatch::testing {

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

}  // namespace perfwatch::testing
