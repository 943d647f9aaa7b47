#include "scaffold/scaffold.hpp"

#include <map>
#include <stdexcept>

#include "core/error.hpp"
#include "scaffold/templates.hpp"

namespace perfwatch::scaffold {
namespace {

std::string_view template_named(std::string_view name) {
  for (const auto& file : embedded_templates()) {
    if (file.name == name) return file.content;
  }
  throw std::logic_error("no embedded template " + std::string(name));
}

// Values go into YAML and Groovy strings in double or single quotes: keep them plain.
void check_value(const std::string& value, const std::string& flag) {
  for (const char c : value) {
    if (c == '"' || c == '\'' || c == '\\' || c == '$' || c == '`' || c == '\n' || c == '@') {
      throw InputError(flag + ": '" + value + "' may not contain quotes, \\, $, `, @ or newlines");
    }
  }
}

}  // namespace

const std::vector<std::string>& ci_providers() {
  static const std::vector<std::string> providers = {"github", "gitlab", "jenkins"};
  return providers;
}

std::string render(std::string_view text, const ScaffoldSettings& settings) {
  const std::map<std::string, std::string, std::less<>> values = {
      {"PROJECT", settings.project},
      {"BRANCH", settings.branch},
      {"SUITE", settings.suite},
      {"PERFWATCH_SOURCE", settings.perfwatch_source}};
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto open = text.find('@', at);
    if (open == std::string_view::npos) break;
    const auto close = text.find('@', open + 1);
    const auto name = close == std::string_view::npos ? std::string_view()
                                                      : text.substr(open + 1, close - open - 1);
    const bool placeholder =
        !name.empty() &&
        name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string_view::npos;
    if (!placeholder) {  // an ordinary @ (e.g. actions/checkout@v4)
      out.append(text.substr(at, open + 1 - at));
      at = open + 1;
      continue;
    }
    const auto value = values.find(name);
    if (value == values.end()) {
      throw std::logic_error("template placeholder @" + std::string(name) + "@ has no value");
    }
    out.append(text.substr(at, open - at));
    out += value->second;
    at = close + 1;
  }
  out.append(text.substr(at));
  return out;
}

std::vector<GeneratedFile> starter_files(const ScaffoldSettings& settings) {
  check_value(settings.project, "--project");
  return {{"perfwatch.toml", render(template_named("perfwatch.toml"), settings)}};
}

std::vector<GeneratedFile> ci_files(const std::string& provider, const ScaffoldSettings& settings) {
  check_value(settings.project, "--project");
  check_value(settings.branch, "--branch");
  check_value(settings.suite, "--suite");
  check_value(settings.perfwatch_source, "--perfwatch-source");
  if (provider == "github") {
    return {{".github/workflows/perfwatch.yml",
             render(template_named("github/perfwatch.yml"), settings)},
            {".github/workflows/perfwatch-comment.yml",
             render(template_named("github/perfwatch-comment.yml"), settings)},
            {".github/actions/perfwatch/action.yml",
             render(template_named("github/action.yml"), settings)}};
  }
  if (provider == "gitlab") {
    return {{settings.gitlab_include ? "perfwatch.gitlab-ci.yml" : ".gitlab-ci.yml",
             render(template_named("gitlab/perfwatch.gitlab-ci.yml"), settings)}};
  }
  if (provider == "jenkins") {
    return {{"Jenkinsfile", render(template_named("jenkins/Jenkinsfile"), settings)}};
  }
  throw InputError("init ci: '" + provider + "' is not a provider (github, gitlab or jenkins)");
}

}  // namespace perfwatch::scaffold
