// scaffold: the files `perfwatch init` writes. Templates carry @NAME@ placeholders (GitHub's and
// Jenkins' own ${...} syntax stays untouched) filled from ScaffoldSettings.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace perfwatch::scaffold {

struct ScaffoldSettings {
  std::string project;                   // @PROJECT@
  std::string branch = "main";           // @BRANCH@: the branch whose runs are the baseline
  std::string suite = "perfwatch.toml";  // @SUITE@: relative to the repository root
  std::string perfwatch_source;          // @PERFWATCH_SOURCE@: clone URL of perfwatch; may be empty
  bool gitlab_include = false;  // gitlab: perfwatch.gitlab-ci.yml, to include, not .gitlab-ci.yml
};

struct GeneratedFile {
  std::filesystem::path path;  // relative to the repository root
  std::string content;
};

// The CI providers `perfwatch init ci` knows: github, gitlab, jenkins.
const std::vector<std::string>& ci_providers();

// `text` with every @NAME@ placeholder replaced. Throws std::logic_error for a placeholder it
// does not know (a template bug, caught by the tests).
std::string render(std::string_view text, const ScaffoldSettings& settings);

// The starter suite: perfwatch.toml.
std::vector<GeneratedFile> starter_files(const ScaffoldSettings& settings);

// The pipeline files of `provider` (see ci_providers()); throws InputError for another name.
// github: the two workflows and the composite action they use; gitlab: .gitlab-ci.yml, or
// perfwatch.gitlab-ci.yml with gitlab_include; jenkins: Jenkinsfile.
std::vector<GeneratedFile> ci_files(const std::string& provider, const ScaffoldSettings& settings);

}  // namespace perfwatch::scaffold
