#include "cli/github_actions.hpp"

#include <cstdlib>
#include <fstream>

#include "core/error.hpp"

namespace perfwatch::cli {
namespace {

const char* step_summary_path() {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  return path && *path ? path : nullptr;
}

}  // namespace

bool in_github_actions() {
  const char* actions = std::getenv("GITHUB_ACTIONS");
  return actions && std::string(actions) == "true";
}

bool has_step_summary() { return step_summary_path() != nullptr; }

void append_step_summary(const std::string& markdown) {
  const char* path = step_summary_path();
  if (path == nullptr) return;
  std::ofstream file(path, std::ios::app | std::ios::binary);
  file << markdown << "\n";
  if (!file) throw InputError(std::string("GITHUB_STEP_SUMMARY: cannot write ") + path);
}

}  // namespace perfwatch::cli
