#include "integrations/ci_testbed.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace perfwatch {
namespace {

std::string get(const Environment& environment, const std::string& name) {
  const auto found = environment.find(name);
  return found == environment.end() ? std::string() : found->second;
}

// Words of `text` separated by any of `separators`, empty ones dropped.
std::vector<std::string> split(std::string_view text, std::string_view separators) {
  std::vector<std::string> words;
  while (!text.empty()) {
    const auto end = text.find_first_of(separators);
    if (end != 0) words.emplace_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return words;
}

// CI_RUNNER_TAGS is a JSON array (["saas-linux-small-amd64", "docker"]) on current GitLab and
// a comma-separated list on older ones; both become the sorted tags.
std::vector<std::string> gitlab_tags(const std::string& value) {
  auto tags = split(value, "[]\", ");
  std::sort(tags.begin(), tags.end());
  return tags;
}

// The job's testbed from its runner-class parts, the cores and the CPU model.
std::string compose(const std::string& provider, const std::vector<std::string>& parts,
                    const nlohmann::json& fingerprint) {
  std::string name = provider;
  auto add = [&name](std::string_view part) {
    const auto slug = testbed_slug(part);
    if (!slug.empty()) name += "-" + slug;
  };
  for (const auto& part : parts) add(part);
  if (const auto cores = fingerprint.find("logical_cores");
      cores != fingerprint.end() && cores->is_number_unsigned()) {
    add(std::to_string(cores->get<unsigned>()) + "cpu");
  }
  if (const auto cpu = fingerprint.find("cpu_model");
      cpu != fingerprint.end() && cpu->is_string()) {
    add(cpu->get<std::string>());
  }
  return name;
}

}  // namespace

std::string testbed_slug(std::string_view text) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string_view mark : {"(r)", "(tm)"}) {
    for (auto at = lower.find(mark); at != std::string::npos; at = lower.find(mark)) {
      lower.erase(at, mark.size());
    }
  }
  std::string slug;
  for (const char c : lower) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string ci_testbed(const Environment& environment, const nlohmann::json& fingerprint) {
  if (get(environment, "GITHUB_ACTIONS") == "true") {
    // ImageOS is set on GitHub-hosted runners only (e.g. ubuntu24, win22, macos14).
    const auto image = get(environment, "ImageOS");
    return compose("github",
                   {image.empty() ? "self-hosted" : image, get(environment, "RUNNER_OS"),
                    get(environment, "RUNNER_ARCH")},
                   fingerprint);
  }
  if (get(environment, "GITLAB_CI") == "true") {
    std::vector<std::string> parts = gitlab_tags(get(environment, "CI_RUNNER_TAGS"));
    if (parts.empty()) parts.emplace_back("untagged");
    parts.push_back(get(environment, "CI_JOB_IMAGE"));
    return compose("gitlab", parts, fingerprint);
  }
  if (!get(environment, "JENKINS_URL").empty()) {
    // NODE_LABELS lists the agent's labels and its own name, space-separated.
    const auto node = get(environment, "NODE_NAME");
    auto labels = split(get(environment, "NODE_LABELS"), " ");
    std::erase(labels, node);
    std::sort(labels.begin(), labels.end());
    if (labels.empty() && !node.empty()) labels.push_back(node);
    return compose("jenkins", labels, fingerprint);
  }
  return {};
}

}  // namespace perfwatch
