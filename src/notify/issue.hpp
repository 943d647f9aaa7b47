// notify/issue: the GitHub issue that announces a regression, and the marker that makes it
// "once": the same regressed series give the same marker, so a later run finds the open issue
// instead of opening another; a different set of regressions is a new issue.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace perfwatch::notify {

struct IssueText {
  std::string title;
  std::string body;    // Markdown, the marker included
  std::string marker;  // "<!-- perfwatch-regression:HEX -->"
};

// The marker for a regression known by `key` (any text that names it).
std::string regression_marker(const std::string& key);

// The issue for a report summary (`perfwatch report --format json`), keyed by its project,
// branch and its red series (benchmark, params, measure); nullopt when it found no regression.
std::optional<IssueText> issue_from_summary(const nlohmann::json& summary,
                                            const std::string& where);

}  // namespace perfwatch::notify
