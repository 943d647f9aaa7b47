#include "notify/message.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace perfwatch::notify {

std::string to_string(Event event) { return event == Event::regression ? "regression" : "run"; }

Event parse_event(const std::string& text, const std::string& where) {
  if (text == "run") return Event::run;
  if (text == "regression") return Event::regression;
  throw InputError(where + ": '" + text + "' is not an event (run or regression)");
}

Message message_from_summary(const nlohmann::json& summary, const std::string& where,
                             std::size_t max_rows) {
  for (const char* key : {"verdict", "headline", "project", "branch", "commit", "changed"}) {
    if (!summary.is_object() || !summary.contains(key)) {
      throw InputError(where + ": not a report summary (no \"" + std::string(key) +
                       "\"; write one with perfwatch report --format json)");
    }
  }
  const auto text_of = [&](const char* key) {
    const auto value = summary.find(key);
    return value != summary.end() && value->is_string() ? value->get<std::string>() : "";
  };
  Message message;
  message.event = text_of("verdict") == "regression" ? Event::regression : Event::run;
  const auto commit = text_of("commit").substr(0, 10);
  message.title = fmt::format("perfwatch: {} on {} {}{}", text_of("headline"), text_of("project"),
                              text_of("branch"), commit.empty() ? "" : " @ " + commit);
  std::size_t listed = 0;
  for (const auto& row : summary["changed"]) {
    if (listed == max_rows) {
      message.text += fmt::format("- and {} more\n", summary["changed"].size() - listed);
      break;
    }
    const auto status = row.value("status", std::string());
    const auto line = row.value("summary", std::string());
    message.text += fmt::format("- [{}] {}\n", status, line);
    ++listed;
  }
  if (summary.contains("objectives")) {
    for (const auto& objective : summary["objectives"]) {
      if (objective.value("met", true)) continue;
      message.text += fmt::format("- [slo] {}\n", objective.value("summary", std::string()));
    }
  }
  if (message.text.empty()) message.text = "No benchmark changed beyond its limits.\n";
  message.link = text_of("ci_run_url");
  for (const char* key : {"project", "branch", "testbed", "commit"}) {
    if (!text_of(key).empty()) message.facts.emplace_back(key, text_of(key));
  }
  message.summary = summary;
  return message;
}

}  // namespace perfwatch::notify
