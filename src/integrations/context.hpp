// integrations: facts from outside perfwatch: git metadata (libgit2), the CI provider's
// environment, the testbed's hardware and software fingerprint (webhooks and the GitHub API are
// notify/'s). Reads the environment and the machine; never touches the database.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "core/report_context.hpp"

namespace perfwatch {

// Environment variables by name. Passed in rather than read with getenv, so that detection is a
// pure function of its inputs and tests need no setenv.
using Environment = std::map<std::string, std::string>;

// The environment of this process.
Environment process_environment();

// What the user said on the command line; each non-empty field wins over what is detected.
struct ContextOverrides {
  std::string project;
  std::string branch;
  std::string testbed;
  std::string commit;
};

// The context of a report made now in `directory` under `environment`: git state (the repository
// is discovered from `directory` upward), CI job, testbed. Defaults when not overridden:
//   project: the git repository's top-level folder name, else the name of `directory`;
//   branch:  the git branch, else the CI's branch (detached HEAD in CI), else "main";
//   commit:  the git HEAD commit, else the CI's commit, else none;
//   testbed: PERFWATCH_TESTBED, else under CI the runner's description (ci_testbed: stable
//            across hosted runners whose host names change), else the host name.
ReportContext capture_context(const ContextOverrides& overrides,
                              const std::filesystem::path& directory,
                              const Environment& environment);

// The context of a report made now, in the current directory, under this process's environment.
ReportContext capture_context(const ContextOverrides& overrides);

}  // namespace perfwatch
