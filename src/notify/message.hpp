// notify/message: what a notification says, independent of where it goes. Built from the
// summary `perfwatch report --format json` writes, or from free text.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace perfwatch::notify {

enum class Event { run, regression };  // a completed run; a run that found a regression

std::string to_string(Event event);
// "run" or "regression"; throws InputError naming `where` otherwise.
Event parse_event(const std::string& text, const std::string& where);

struct Message {
  Event event = Event::run;
  std::string title;  // one line
  std::string text;   // a few lines of plain text ("- " bullets)
  std::string link;   // the CI run, when known
  std::vector<std::pair<std::string, std::string>> facts;  // project, branch, commit, testbed
  nlohmann::json summary;  // the report summary it came from (null for free text)
};

// The message for a report summary (`perfwatch report --format json`): a regression when its
// verdict is "regression", else a completed run; the worst `max_rows` changed benchmarks listed.
// Throws InputError naming `where` when the JSON lacks the summary's fields.
Message message_from_summary(const nlohmann::json& summary, const std::string& where,
                             std::size_t max_rows = 10);

}  // namespace perfwatch::notify
