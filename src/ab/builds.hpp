// ab: the sides of an A/B run that come from git (see wilcoxon.hpp for what the folder owns):
// refs resolved to commits, each commit checked out in its own `git worktree` under a cache
// folder and built there by the suite's [build] command, once per commit.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace perfwatch::ab {

// Runs git with `args` in `repo` and returns its standard output without the final newline.
// Throws InputError naming the git command and git's message when git fails.
std::string git(const std::filesystem::path& repo, const std::vector<std::string>& args);

// The full commit hash `ref` names in `repo`; throws InputError naming the ref when it names none.
std::string resolve_commit(const std::filesystem::path& repo, const std::string& ref);

// The [build] command of the suite file, "" when it has none. Throws InputError naming the file
// when it cannot be read or [build] command is not a string.
std::string read_build_command(const std::filesystem::path& suite_file);

struct PreparedCommit {
  std::filesystem::path worktree;
  bool cached = false;  // built (or failed) before: nothing ran now
  std::string failure;  // why the build failed ("" when built)
};

// Worktrees of one repository, one per commit, in <folder>/<commit>. A build's outcome is kept
// in the worktree (.perfwatch-build: "ok", or the failure and the build's last stderr lines), so
// that a commit is built once, and a commit that failed is not tried again.
class BuildCache {
 public:
  BuildCache(std::filesystem::path repo, std::filesystem::path folder, std::string command);
  PreparedCommit prepare(const std::string& commit);
  int builds_run() const { return builds_run_; }

 private:
  std::filesystem::path repo_, folder_;
  std::string command_;
  int builds_run_ = 0;
};

}  // namespace perfwatch::ab
