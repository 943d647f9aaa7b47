#include "integrations/ci_info.hpp"

#include <algorithm>
#include <cctype>

namespace perfwatch {
namespace {

// The variable's value; empty when unset.
std::string get(const Environment& environment, const std::string& name) {
  const auto found = environment.find(name);
  return found == environment.end() ? std::string() : found->second;
}

// The first of the variables that is set and not empty.
std::string first_of(const Environment& environment, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto value = get(environment, name);
    if (!value.empty()) return value;
  }
  return {};
}

bool is_true(std::string value) {
  std::transform(value.begin(), value.end(), value.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return value == "true" || value == "1";
}

// GitHub Actions' default variables:
// https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/store-information-in-variables#default-environment-variables
// GITHUB_HEAD_REF and GITHUB_BASE_REF are set only for pull_request events; GITHUB_REF is then
// refs/pull/<number>/merge.
CiJob github(const Environment& environment) {
  CiJob job;
  job.info.provider = "github";
  job.info.run_id = get(environment, "GITHUB_RUN_ID");
  const auto server = get(environment, "GITHUB_SERVER_URL");
  const auto repository = get(environment, "GITHUB_REPOSITORY");
  if (!server.empty() && !repository.empty() && !job.info.run_id.empty()) {
    job.info.run_url = server + "/" + repository + "/actions/runs/" + job.info.run_id;
  }
  const std::string_view ref = environment.contains("GITHUB_REF")
                                   ? std::string_view(environment.at("GITHUB_REF"))
                                   : std::string_view();
  constexpr std::string_view pull = "refs/pull/";
  if (ref.starts_with(pull)) {
    const auto number = ref.substr(pull.size());
    job.info.pr_number = number.substr(0, number.find('/'));
  }
  job.info.base_branch = get(environment, "GITHUB_BASE_REF");
  job.branch = first_of(environment, {"GITHUB_HEAD_REF", "GITHUB_REF_NAME"});
  job.commit = get(environment, "GITHUB_SHA");
  return job;
}

// GitLab CI/CD predefined variables:
// https://docs.gitlab.com/ee/ci/variables/predefined_variables.html
// The CI_MERGE_REQUEST_* variables are set only in merge request pipelines.
CiJob gitlab(const Environment& environment) {
  CiJob job;
  job.info.provider = "gitlab";
  job.info.run_id = get(environment, "CI_PIPELINE_ID");
  job.info.run_url = get(environment, "CI_PIPELINE_URL");
  job.info.pr_number = get(environment, "CI_MERGE_REQUEST_IID");
  job.info.base_branch = get(environment, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME");
  job.branch = first_of(environment, {"CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_REF_NAME"});
  job.commit = get(environment, "CI_COMMIT_SHA");
  return job;
}

// Jenkins' variables:
// https://www.jenkins.io/doc/book/pipeline/jenkins-file/#using-environment-variables (BUILD_NUMBER,
// BUILD_ID, BUILD_URL, JENKINS_URL); multibranch pipelines add BRANCH_NAME and, for change
// requests, CHANGE_ID, CHANGE_TARGET and CHANGE_BRANCH
// (https://www.jenkins.io/doc/book/pipeline/multibranch/#additional-environment-variables);
// the Git plugin adds GIT_COMMIT and GIT_BRANCH, the latter with the remote's name in front
// ("origin/main", https://plugins.jenkins.io/git/#plugin-content-environment-variables).
CiJob jenkins(const Environment& environment) {
  CiJob job;
  job.info.provider = "jenkins";
  job.info.run_id = first_of(environment, {"BUILD_NUMBER", "BUILD_ID"});
  job.info.run_url = get(environment, "BUILD_URL");
  job.info.pr_number = get(environment, "CHANGE_ID");
  job.info.base_branch = get(environment, "CHANGE_TARGET");
  job.branch = first_of(environment, {"CHANGE_BRANCH", "BRANCH_NAME"});
  if (job.branch.empty()) {
    job.branch = get(environment, "GIT_BRANCH");
    constexpr std::string_view origin = "origin/";
    if (std::string_view(job.branch).starts_with(origin)) job.branch.erase(0, origin.size());
  }
  job.commit = get(environment, "GIT_COMMIT");
  return job;
}

}  // namespace

CiJob detect_ci(const Environment& environment) {
  if (is_true(get(environment, "GITHUB_ACTIONS"))) return github(environment);
  if (is_true(get(environment, "GITLAB_CI"))) return gitlab(environment);
  if (!get(environment, "JENKINS_URL").empty()) return jenkins(environment);
  // Most providers set CI=true (e.g. GitHub, GitLab, Travis, CircleCI, Buildkite); perfwatch
  // knows nothing more about the ones it does not recognise.
  CiJob job;
  if (is_true(get(environment, "CI"))) job.info.provider = "generic";
  return job;
}

}  // namespace perfwatch
