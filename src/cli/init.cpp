// perfwatch init: a starter perfwatch.toml; perfwatch init ci PROVIDER: a CI pipeline.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "scaffold/scaffold.hpp"

namespace perfwatch::cli {
namespace {

struct InitOptions {
  std::string directory = ".";
  bool force = false;
  std::string provider;
  scaffold::ScaffoldSettings settings;
};

// Writes every file or none: existing files are refused (unless --force) before any is written.
void write_files(const std::vector<scaffold::GeneratedFile>& files, const InitOptions& options) {
  const std::filesystem::path root = options.directory;
  std::error_code error;
  if (!std::filesystem::is_directory(root, error)) {
    throw InputError("--dir: " + options.directory + " is not a folder");
  }
  for (const auto& file : files) {
    if (!options.force && std::filesystem::exists(root / file.path, error)) {
      throw InputError((root / file.path).string() + ": exists (--force to overwrite it)");
    }
  }
  for (const auto& file : files) {
    const auto path = root / file.path;
    std::filesystem::create_directories(path.parent_path(), error);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << file.content;
    if (!out.flush()) throw InputError(path.string() + ": cannot write");
    std::cout << "wrote " << path.string() << "\n";
  }
}

std::string default_project(const std::string& directory) {
  auto name = std::filesystem::absolute(directory).lexically_normal().filename().string();
  if (name.empty()) name = std::filesystem::absolute(directory).parent_path().filename().string();
  return name.empty() ? "project" : name;
}

int run_init(InitOptions options) {
  if (options.settings.project.empty())
    options.settings.project = default_project(options.directory);
  write_files(scaffold::starter_files(options.settings), options);
  std::cout << "next: perfwatch run --dry-run, then perfwatch run\n";
  return 0;
}

int run_init_ci(InitOptions options) {
  if (options.settings.project.empty())
    options.settings.project = default_project(options.directory);
  write_files(scaffold::ci_files(options.provider, options.settings), options);
  if (options.provider == "gitlab" && options.settings.gitlab_include) {
    std::cout << "next: in .gitlab-ci.yml, add `include: [{local: perfwatch.gitlab-ci.yml}]` and, "
                 "if it lists stages, the stages bench, report and deploy\n";
  }
  if (options.settings.perfwatch_source.empty()) {
    std::cout << "note: the pipeline expects perfwatch on the runners' PATH; set "
                 "PERFWATCH_SOURCE in it (or --perfwatch-source) to build it from a clone\n";
  }
  return 0;
}

void add_shared_options(CLI::App* parser, InitOptions& options) {
  parser->add_option("--dir", options.directory, "Repository root to write into")
      ->capture_default_str();
  parser->add_option("--project", options.settings.project,
                     "Project name (default: the folder's name)");
  parser->add_flag("--force", options.force, "Overwrite files that exist");
}

}  // namespace

Command add_init_command(CLI::App& app, const GlobalOptions&) {
  auto options = std::make_shared<InitOptions>();
  auto* parser = app.add_subcommand(
      "init",
      "Write a starter perfwatch.toml (a suite, a threshold, commented SLO and webhook "
      "examples); `init ci PROVIDER` writes a CI pipeline instead");
  add_shared_options(parser, *options);

  auto* ci = parser->add_subcommand(
      "ci",
      "Write a CI pipeline: baseline runs on the main branch, pull-request runs compared with "
      "it and failing on regression, manual runs with parameters, a schedule, parallel shards "
      "merged into one database kept between runs whatever the verdict, the HTML report "
      "published. github: .github/workflows/perfwatch.yml, perfwatch-comment.yml (comments on "
      "pull requests from forks and Dependabot) and the action .github/actions/perfwatch, one "
      "comment per pull request; gitlab: .gitlab-ci.yml (--include: perfwatch.gitlab-ci.yml), "
      "the summary as JUnit in the merge request and the comment body as an artifact; jenkins: "
      "Jenkinsfile, the summary as JUnit");
  ci->add_option("provider", options->provider, "github, gitlab or jenkins")
      ->required()
      ->check(CLI::IsMember(scaffold::ci_providers()));
  add_shared_options(ci, *options);
  ci->add_option("--branch", options->settings.branch, "The baseline branch")
      ->capture_default_str();
  ci->add_option("--suite", options->settings.suite, "The suite file, from the repository root")
      ->capture_default_str();
  ci->add_option("--perfwatch-source", options->settings.perfwatch_source,
                 "Clone URL perfwatch is built from on runners that lack it");
  ci->add_flag("--include", options->settings.gitlab_include,
               "gitlab: write perfwatch.gitlab-ci.yml, to include from your .gitlab-ci.yml");

  return {parser,
          [options, ci] { return ci->parsed() ? run_init_ci(*options) : run_init(*options); }};
}

}  // namespace perfwatch::cli
