#include "ab/builds.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "runner/spawn.hpp"

namespace perfwatch::ab {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMarker = ".perfwatch-build";

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

}  // namespace

std::string git(const fs::path& repo, const std::vector<std::string>& args) {
  runner::ProcessSpec spec;
  spec.argv = {"git"};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.cwd = repo;
  spec.env = runner::environment_with({});
  spec.capture_stdout = true;
  const auto result = runner::run_process(spec);
  if (!result.succeeded()) {
    std::string command = "git";
    for (const auto& arg : args) command += " " + arg;
    throw InputError(fmt::format("{} failed ({}): {}", command, result.describe_failure(),
                                 trimmed(result.stderr_tail)));
  }
  return trimmed(result.stdout_text);
}

std::string resolve_commit(const fs::path& repo, const std::string& ref) {
  try {
    return git(repo, {"rev-parse", "--verify", "--quiet", ref + "^{commit}"});
  } catch (const InputError&) {
    throw InputError(fmt::format("'{}' names no commit in {}", ref, repo.string()));
  }
}

std::string read_build_command(const fs::path& suite_file) {
  toml::table table;
  try {
    table = toml::parse_file(suite_file.string());
  } catch (const toml::parse_error& error) {
    throw InputError(fmt::format("{}: {}", suite_file.string(), error.description()));
  }
  const auto command = table["build"]["command"];
  if (!command) return "";
  if (!command.is_string())
    throw InputError(suite_file.string() + ": [build] command must be a string");
  return *command.value<std::string>();
}

BuildCache::BuildCache(fs::path repo, fs::path folder, std::string command)
    : repo_(std::move(repo)), folder_(std::move(folder)), command_(std::move(command)) {}

PreparedCommit BuildCache::prepare(const std::string& commit) {
  PreparedCommit prepared;
  prepared.worktree = folder_ / commit;
  const fs::path marker = prepared.worktree / kMarker;
  if (fs::exists(marker)) {
    std::ifstream in(marker);
    std::stringstream text;
    text << in.rdbuf();
    prepared.cached = true;
    if (text.str() != "ok") prepared.failure = text.str();
    return prepared;
  }
  if (!fs::exists(prepared.worktree)) {
    fs::create_directories(folder_);
    // Worktrees inside the repository would show as untracked files.
    if (!fs::exists(folder_ / ".gitignore")) std::ofstream(folder_ / ".gitignore") << "*\n";
    git(repo_, {"worktree", "add", "--detach", "--force", prepared.worktree.string(), commit});
  }
  if (!command_.empty()) {
    ++builds_run_;
    runner::ProcessSpec spec;
    spec.argv = {"/bin/sh", "-c", command_};
    spec.cwd = prepared.worktree;
    spec.env = runner::environment_with({});
    const auto result = runner::run_process(spec);
    if (!result.succeeded()) {
      prepared.failure = fmt::format("build command {} ({})", command_, result.describe_failure());
      if (const auto tail = trimmed(result.stderr_tail); !tail.empty())
        prepared.failure += ": " + tail;
    }
  }
  std::ofstream(marker) << (prepared.failure.empty() ? "ok" : prepared.failure);
  return prepared;
}

}  // namespace perfwatch::ab
