// integrations: facts from outside perfwatch: git metadata (libgit2), the CI provider's
// environment, the testbed's hardware and software fingerprint; later webhooks and the GitHub
// API. Reads the environment and the machine; never touches the database.
#pragma once

#include <string>

#include "core/report_context.hpp"

namespace perfwatch {

// What the user said on the command line; each non-empty field wins over what is detected.
struct ContextOverrides {
  std::string project;
  std::string branch;
  std::string testbed;
  std::string commit;
};

// The context of a report made now, in the current directory: git state, CI job, testbed.
ReportContext capture_context(const ContextOverrides& overrides);

}  // namespace perfwatch
