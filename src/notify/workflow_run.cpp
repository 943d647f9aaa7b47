#include "notify/workflow_run.hpp"

#include "core/error.hpp"

namespace perfwatch::notify {
namespace {

using json = nlohmann::json;

// The string at `pointer` in `value`; empty when absent or not a string.
std::string string_at(const json& value, const char* pointer) {
  const json::json_pointer at(pointer);
  return value.contains(at) && value.at(at).is_string() ? value.at(at).get<std::string>() : "";
}

std::optional<std::int64_t> number_of(const json& pull) {
  const auto number = pull.find("number");
  if (number == pull.end() || !number->is_number_integer()) return std::nullopt;
  return number->get<std::int64_t>();
}

}  // namespace

WorkflowRunHead workflow_run_head(const json& event, const std::string& path) {
  const auto run = event.find("workflow_run");
  if (!event.is_object() || run == event.end() || !run->is_object()) {
    throw InputError("--workflow-run-event: " + path + " is not a workflow_run event");
  }
  WorkflowRunHead head;
  head.sha = string_at(*run, "/head_sha");
  head.branch = string_at(*run, "/head_branch");
  head.repository = string_at(*run, "/head_repository/full_name");
  head.owner = string_at(*run, "/head_repository/owner/login");
  if (head.sha.empty()) {
    throw InputError("--workflow-run-event: " + path + ": the workflow_run has no head_sha");
  }
  if (const auto pulls = run->find("pull_requests"); pulls != run->end() && pulls->is_array()) {
    head.pull_requests.assign(pulls->begin(), pulls->end());
  }
  return head;
}

std::optional<std::int64_t> pull_request_of_run(const WorkflowRunHead& head,
                                                const std::vector<json>& open_pulls) {
  for (const auto& pull : head.pull_requests) {
    if (string_at(pull, "/head/sha") == head.sha) return number_of(pull);
  }
  for (const auto& pull : open_pulls) {
    if (string_at(pull, "/head/sha") == head.sha &&
        string_at(pull, "/head/repo/full_name") == head.repository) {
      return number_of(pull);
    }
  }
  return std::nullopt;
}

}  // namespace perfwatch::notify
