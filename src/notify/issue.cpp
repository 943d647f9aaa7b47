#include "notify/issue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "core/sha256.hpp"
#include "notify/message.hpp"

namespace perfwatch::notify {

std::string regression_marker(const std::string& key) {
  return "<!-- perfwatch-regression:" + sha256_hex(key).substr(0, 16) + " -->";
}

std::optional<IssueText> issue_from_summary(const nlohmann::json& summary,
                                            const std::string& where) {
  const auto message = message_from_summary(summary, where, 50);  // validates the fields
  if (message.event != Event::regression) return std::nullopt;
  std::vector<std::string> series, names;
  std::string table = "| benchmark | measure | base | head | change |\n|---|---|---|---|---|\n";
  for (const auto& row : summary["changed"]) {
    const auto status = row.value("status", std::string());
    if (status != "red") continue;
    const auto benchmark = row.value("benchmark", std::string());
    const auto params = row.contains("params") ? row["params"].dump() : "{}";
    const auto measure = row.value("measure", std::string());
    series.push_back(benchmark + " " + params + " " + measure);
    if (std::find(names.begin(), names.end(), benchmark) == names.end()) names.push_back(benchmark);
    const auto number = [&](const char* key) {
      return row.contains(key) && row[key].is_number()
                 ? fmt::format("{:.4g}", row[key].get<double>())
                 : std::string("–");
    };
    const auto change = row.contains("change") && row["change"].is_number()
                            ? fmt::format("{:+.1f}%", row["change"].get<double>() * 100)
                            : std::string("–");
    table +=
        fmt::format("| {}{} | {} | {} | {} | {} |\n", benchmark, params == "{}" ? "" : " " + params,
                    measure, number("base"), number("head"), change);
  }
  std::sort(series.begin(), series.end());
  const auto project = summary.value("project", std::string());
  const auto branch = summary.value("branch", std::string());
  std::string key = project + "\n" + branch;
  for (const auto& one : series) key += "\n" + one;
  if (series.empty()) key += "\nslo";  // only objectives were missed

  IssueText issue;
  issue.marker = regression_marker(key);
  std::string shown = names.empty() ? "service-level objective missed" : names.front();
  if (names.size() > 1) shown += fmt::format(" and {} more", names.size() - 1);
  issue.title = fmt::format("Performance regression on {}: {}", branch, shown);
  issue.body = issue.marker + "\n" + message.title.substr(std::string("perfwatch: ").size()) +
               "\n\n" + (series.empty() ? "" : table + "\n") + message.text;
  for (const auto& [name, value] : message.facts)
    issue.body += fmt::format("\n**{}**: `{}`", name, value);
  if (!message.link.empty()) issue.body += "\n\n[The CI run](" + message.link + ")";
  issue.body +=
      "\n\nOpened by `perfwatch notify github-issue`; it opens no other issue for the "
      "same regressed series while this one is open.\n";
  return issue;
}

}  // namespace perfwatch::notify
