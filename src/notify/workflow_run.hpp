// notify/workflow_run: which pull request a workflow_run event is about, found from the event
// itself (what GitHub says ran), never from anything the run produced: a fork's run writes its
// artifacts with the fork's code, so a number read from them may point at any issue or PR.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace perfwatch::notify {

// The run's head: the commit that ran, its branch and the repository it came from.
struct WorkflowRunHead {
  std::string sha;         // workflow_run.head_sha
  std::string branch;      // workflow_run.head_branch
  std::string repository;  // workflow_run.head_repository.full_name ("owner/name")
  std::string owner;       // workflow_run.head_repository.owner.login
  std::vector<nlohmann::json> pull_requests;  // workflow_run.pull_requests (empty for forks)
};

// The head of a workflow_run event payload (the file at GITHUB_EVENT_PATH). Throws InputError
// naming `path` when it is not a workflow_run event with a head SHA.
WorkflowRunHead workflow_run_head(const nlohmann::json& event, const std::string& path);

// The number of the pull request whose head is exactly the run's head: first among the event's
// own pull_requests, else among `open_pulls` (GET /repos/R/pulls?head=OWNER:BRANCH), which must
// come from the run's head repository and point at its head SHA. None when no pull request
// matches (e.g. a newer push moved the branch on: that newer run comments instead).
std::optional<std::int64_t> pull_request_of_run(const WorkflowRunHead& head,
                                                const std::vector<nlohmann::json>& open_pulls);

}  // namespace perfwatch::notify
