#include "integrations/context.hpp"

#include <unistd.h>

#include <filesystem>

namespace perfwatch {

ReportContext capture_context(const ContextOverrides& overrides) {
  ReportContext context;
  context.project = overrides.project.empty()
                        ? std::filesystem::current_path().filename().string()
                        : overrides.project;
  context.branch = overrides.branch.empty() ? "main" : overrides.branch;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  context.testbed = overrides.testbed.empty() ? std::string(host) : overrides.testbed;
  context.git.commit = overrides.commit;
  return context;
}

}  // namespace perfwatch
