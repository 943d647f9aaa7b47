#include "integrations/git_info.hpp"

#include <git2.h>

#include <memory>

namespace perfwatch {
namespace {

// libgit2's global state, set up for as long as one of these lives.
class LibGit2 {
 public:
  LibGit2() { git_libgit2_init(); }
  LibGit2(const LibGit2&) = delete;
  LibGit2& operator=(const LibGit2&) = delete;
  ~LibGit2() { git_libgit2_shutdown(); }
};

// Owning pointers to libgit2 objects, each freed with its own function.
template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* object) const { Free(object); }
};
using Repository = std::unique_ptr<git_repository, Freer<git_repository, git_repository_free>>;
using Reference = std::unique_ptr<git_reference, Freer<git_reference, git_reference_free>>;
using Commit = std::unique_ptr<git_commit, Freer<git_commit, git_commit_free>>;
using StatusList = std::unique_ptr<git_status_list, Freer<git_status_list, git_status_list_free>>;

// True when a tracked file is staged or modified in the working tree relative to HEAD.
// Untracked files do not count: build outputs and scratch files in the checkout do not change
// the code that was measured, and counting them would mark nearly every local run dirty.
bool has_tracked_changes(git_repository* repository) {
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;  // no INCLUDE_UNTRACKED, no INCLUDE_IGNORED
  git_status_list* raw = nullptr;
  if (git_status_list_new(&raw, repository, &options) != 0) return false;
  const StatusList status(raw);
  return git_status_list_entrycount(status.get()) > 0;
}

// Whether `start` or a folder above it holds `.git` or could be a bare repository (holds HEAD):
// nowhere else does git_repository_open_ext (no flags) look. False only when no such entry
// exists; an entry that cannot be looked at counts as one.
bool may_hold_repository(const std::filesystem::path& start) {
  for (auto folder = start;; folder = folder.parent_path()) {
    for (const char* entry : {".git", "HEAD"}) {
      std::error_code error;
      if (std::filesystem::exists(folder / entry, error) || error) return true;
    }
    if (folder == folder.parent_path()) return false;
  }
}

// Whether libgit2 could find a repository from `directory`. Asked before libgit2 is set up:
// git_libgit2_init reads and parses the system's CA bundle for HTTPS (55 M instructions, 13 %
// of a one-metric ingest, docs/performance.md), which a report made outside a repository never
// needs. Both the path as given and its resolved form (symlinks followed) are looked along.
bool may_be_in_repository(const std::filesystem::path& directory) {
  std::error_code error;
  const auto absolute = std::filesystem::absolute(directory, error);
  if (error) return true;
  const auto resolved = std::filesystem::weakly_canonical(absolute, error);
  if (error) return true;
  return may_hold_repository(absolute) || may_hold_repository(resolved);
}

}  // namespace

GitCheckout read_git_checkout(const std::filesystem::path& directory) {
  if (!may_be_in_repository(directory)) return {};
  const LibGit2 library;
  GitCheckout checkout;
  git_repository* raw_repository = nullptr;
  // Searches from `directory` upward, as the git command does.
  if (git_repository_open_ext(&raw_repository, directory.c_str(), 0, nullptr) != 0) {
    return checkout;
  }
  const Repository repository(raw_repository);
  if (const char* workdir = git_repository_workdir(repository.get())) {
    checkout.top_level = std::filesystem::path(workdir).parent_path();  // drop the trailing '/'
  }

  git_reference* raw_head = nullptr;
  const int head_state = git_repository_head(&raw_head, repository.get());
  if (head_state == GIT_EUNBORNBRANCH) {
    // A new repository without commits: HEAD names a branch that does not exist yet.
    git_reference* raw_symbolic = nullptr;
    if (git_reference_lookup(&raw_symbolic, repository.get(), "HEAD") == 0) {
      const Reference symbolic(raw_symbolic);
      if (const char* target = git_reference_symbolic_target(symbolic.get())) {
        const std::string_view name(target);
        constexpr std::string_view heads = "refs/heads/";
        checkout.info.branch = name.starts_with(heads) ? name.substr(heads.size()) : name;
      }
    }
    return checkout;
  }
  if (head_state != 0) return checkout;
  const Reference head(raw_head);
  checkout.detached = git_repository_head_detached(repository.get()) == 1;
  if (!checkout.detached) checkout.info.branch = git_reference_shorthand(head.get());

  const git_oid* oid = git_reference_target(head.get());
  git_commit* raw_commit = nullptr;
  if (oid == nullptr || git_commit_lookup(&raw_commit, repository.get(), oid) != 0) return checkout;
  const Commit commit(raw_commit);
  checkout.info.commit = git_oid_tostr_s(oid);
  checkout.info.commit_time_unix_s = git_commit_time(commit.get());
  checkout.info.author_time_unix_s = git_commit_author(commit.get())->when.time;
  checkout.info.dirty = has_tracked_changes(repository.get());
  return checkout;
}

}  // namespace perfwatch
