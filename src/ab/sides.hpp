// ab: what the CLI's `ab` and `bisect` share about where the sides come from (see wilcoxon.hpp
// for what the folder owns): the repository, its suite and build command, the cache folder of
// worktrees and pairs, and the units of two commits.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ab/builds.hpp"
#include "ab/session.hpp"

namespace perfwatch::ab {

struct GitSetup {
  std::filesystem::path repo;        // top of the working tree the command runs in
  std::filesystem::path suite_file;  // absolute
  std::filesystem::path cache;       // worktrees/ and pairs.json
  std::string build_command;         // [build] command of the suite
  std::string project;               // [suite] project; may be empty
  std::vector<runner::Instance> instances;
};

// The repository around the current folder, the suite file (relative to the current folder)
// and its instances; cache "" means <repo>/.perfwatch/ab. Throws InputError when the current
// folder is not in a git repository or the suite cannot be read.
GitSetup git_setup(const std::string& suite_file, const std::string& cache);

}  // namespace perfwatch::ab
