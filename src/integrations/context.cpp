#include "integrations/context.hpp"

#include "integrations/ci_info.hpp"
#include "integrations/ci_testbed.hpp"
#include "integrations/git_info.hpp"
#include "integrations/testbed.hpp"

extern char** environ;

namespace perfwatch {
namespace {

const std::string& first_non_empty(std::initializer_list<const std::string*> candidates) {
  for (const auto* candidate : candidates) {
    if (!candidate->empty()) return *candidate;
  }
  return **std::prev(candidates.end());
}

// The last component of `path`'s absolute form ("/a/b/" -> "b"); empty for the root.
std::string folder_name(const std::filesystem::path& path) {
  auto normal = std::filesystem::absolute(path).lexically_normal();
  if (!normal.has_filename()) normal = normal.parent_path();
  return normal.filename().string();
}

}  // namespace

Environment process_environment() {
  Environment environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    environment.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return environment;
}

ReportContext capture_context(const ContextOverrides& overrides,
                              const std::filesystem::path& directory,
                              const Environment& environment) {
  const GitCheckout checkout = read_git_checkout(directory);
  const CiJob ci = detect_ci(environment);
  const std::string folder =
      folder_name(checkout.top_level.empty() ? directory : checkout.top_level);
  const std::string main = "main";

  ReportContext context;
  context.git = checkout.info;
  context.ci = ci.info;
  context.project = first_non_empty({&overrides.project, &folder});
  context.branch = first_non_empty({&overrides.branch, &checkout.info.branch, &ci.branch, &main});
  context.git.branch = context.branch;
  context.git.commit = first_non_empty({&overrides.commit, &checkout.info.commit, &ci.commit});
  if (context.git.commit != checkout.info.commit) {
    // Another commit than the checkout's: git's times and dirty flag describe a different one.
    context.git.commit_time_unix_s.reset();
    context.git.author_time_unix_s.reset();
    context.git.dirty = false;
  }
  context.testbed_fingerprint = machine_fingerprint(environment);
  const auto named = environment.find("PERFWATCH_TESTBED");
  const std::string variable = named == environment.end() ? std::string() : named->second;
  const std::string runner = ci_testbed(environment, context.testbed_fingerprint);
  std::string derived = runner.empty() ? host_name() : runner;
  // A GPU machine's derived name carries its GPUs' stable facts: after a driver upgrade its
  // results start a new series instead of reading as a regression. A chosen name is kept.
  if (const auto key = context.testbed_fingerprint.find("gpu_testbed_key");
      key != context.testbed_fingerprint.end()) {
    derived += "-gpu-" + key->get<std::string>();
  }
  context.testbed = first_non_empty({&overrides.testbed, &variable, &derived});
  return context;
}

ReportContext capture_context(const ContextOverrides& overrides) {
  return capture_context(overrides, std::filesystem::current_path(), process_environment());
}

}  // namespace perfwatch
