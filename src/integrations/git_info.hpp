#pragma once

#include <filesystem>
#include <string>

#include "core/report_context.hpp"

namespace perfwatch {

// What git says about a directory.
struct GitCheckout {
  GitInfo info;                     // empty commit when there is no commit (or no repository)
  std::filesystem::path top_level;  // the working tree's root; empty when not in a repository
  bool detached = false;            // HEAD points at a commit, not at a branch (info.branch empty)
};

// Reads HEAD's commit, branch, commit and author times, and whether tracked files differ from
// HEAD, for the git repository that contains `directory` (searched from there upward). Outside a
// repository, or in one libgit2 refuses to open (e.g. owned by another user), returns an empty
// GitCheckout: a report can be made anywhere. Outside any folder that could hold one, libgit2 is
// not even set up.
GitCheckout read_git_checkout(const std::filesystem::path& directory);

}  // namespace perfwatch
