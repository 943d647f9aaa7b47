#include "submit/context_json.hpp"

#include "core/error.hpp"

namespace perfwatch::submit {
namespace {

// Longest name (project, branch, testbed, commit...) a submission may carry.
constexpr std::size_t kMaxName = 256;

std::string text(const nlohmann::json& object, const char* key, bool required = false) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) throw InputError(std::string("context.") + key + ": missing");
    return {};
  }
  if (!found->is_string()) throw InputError(std::string("context.") + key + ": not a string");
  auto value = found->get<std::string>();
  if (value.size() > kMaxName) throw InputError(std::string("context.") + key + ": too long");
  if (required && value.empty()) throw InputError(std::string("context.") + key + ": empty");
  return value;
}

std::optional<int64_t> integer(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return std::nullopt;
  if (!found->is_number_integer()) {
    throw InputError(std::string("context.") + key + ": not a whole number");
  }
  return found->get<int64_t>();
}

nlohmann::json object_or_empty(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return nlohmann::json::object();
  if (!found->is_object()) throw InputError(std::string("context.") + key + ": not an object");
  return *found;
}

}  // namespace

nlohmann::json context_to_json(const ReportContext& context) {
  const auto optional = [](const std::optional<int64_t>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
  };
  return {{"project", context.project},
          {"branch", context.branch},
          {"testbed", context.testbed},
          {"testbed_fingerprint", context.testbed_fingerprint},
          {"commit", context.git.commit},
          {"git_branch", context.git.branch},
          {"commit_time", optional(context.git.commit_time_unix_s)},
          {"author_time", optional(context.git.author_time_unix_s)},
          {"dirty", context.git.dirty},
          {"ci_provider", context.ci.provider},
          {"ci_run_id", context.ci.run_id},
          {"ci_run_url", context.ci.run_url},
          {"pr_number", context.ci.pr_number},
          {"base_branch", context.ci.base_branch},
          {"source", context.source},
          {"tool_version", context.tool_version},
          {"profile", context.profile},
          {"settings", context.settings},
          {"started_us", context.started_unix_us},
          {"ended_us", context.ended_unix_us}};
}

ReportContext context_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw InputError("context: not an object");
  ReportContext context;
  context.project = text(json, "project", true);
  context.branch = text(json, "branch", true);
  context.testbed = text(json, "testbed", true);
  context.testbed_fingerprint = object_or_empty(json, "testbed_fingerprint");
  context.git.commit = text(json, "commit");
  context.git.branch = text(json, "git_branch");
  context.git.commit_time_unix_s = integer(json, "commit_time");
  context.git.author_time_unix_s = integer(json, "author_time");
  if (json.contains("dirty") && !json["dirty"].is_boolean()) {
    throw InputError("context.dirty: not true or false");
  }
  context.git.dirty = json.value("dirty", false);
  context.ci.provider = text(json, "ci_provider");
  context.ci.run_id = text(json, "ci_run_id");
  context.ci.run_url = text(json, "ci_run_url");
  context.ci.pr_number = text(json, "pr_number");
  context.ci.base_branch = text(json, "base_branch");
  context.source = text(json, "source");
  context.tool_version = text(json, "tool_version");
  context.profile = text(json, "profile");
  context.settings = object_or_empty(json, "settings");
  context.started_unix_us = integer(json, "started_us").value_or(0);
  context.ended_unix_us = integer(json, "ended_us").value_or(0);
  if (context.started_unix_us < 0 || context.ended_unix_us < context.started_unix_us) {
    throw InputError("context.started_us/ended_us: not a time span");
  }
  return context;
}

}  // namespace perfwatch::submit
