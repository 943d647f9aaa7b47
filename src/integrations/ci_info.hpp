#pragma once

#include <string>

#include "core/report_context.hpp"
#include "integrations/context.hpp"

namespace perfwatch {

// What the CI provider's environment says about the job.
struct CiJob {
  CiInfo info;         // empty provider when not run under CI
  std::string branch;  // the branch being built (for a pull request: its source branch)
  std::string commit;  // the commit being built, when the provider says
};

// Detects GitHub Actions, GitLab CI, Jenkins, or a generic CI (CI=true) from `environment`.
CiJob detect_ci(const Environment& environment);

}  // namespace perfwatch
