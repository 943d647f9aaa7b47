#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace perfwatch {

// Version-control state of the code that was measured. Empty commit: not a git checkout.
struct GitInfo {
  std::string commit;
  std::string branch;
  std::optional<int64_t> commit_time_unix_s;
  std::optional<int64_t> author_time_unix_s;
  bool dirty = false;
};

// The CI job that produced a report. Empty provider: not run under CI.
struct CiInfo {
  std::string provider;  // "github", "gitlab", "jenkins", "generic"
  std::string run_id;
  std::string run_url;
  std::string pr_number;
  std::string base_branch;
};

// Everything stored with a report besides its metrics.
struct ReportContext {
  std::string project;
  std::string branch;
  std::string testbed;
  nlohmann::json testbed_fingerprint = nlohmann::json::object();
  GitInfo git;
  CiInfo ci;
  std::string source;        // file the results came from, or the suite that was run
  std::string adapter;       // adapter name, or "runner"
  std::string tool_version;  // harness and version, when known
  std::string profile;       // runner profile, when run by perfwatch
  nlohmann::json settings = nlohmann::json::object();
  int64_t started_unix_us = 0;
  int64_t ended_unix_us = 0;
};

}  // namespace perfwatch
