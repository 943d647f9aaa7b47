#include "notify/webhook.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace perfwatch::notify {
namespace {

using json = nlohmann::ordered_json;

json slack_payload(const Message& message) {
  // Slack's mrkdwn links are <url|label>; "text" is the fallback shown in notifications.
  std::string facts;
  for (const auto& [name, value] : message.facts) {
    facts += (facts.empty() ? "" : "  ·  ") + name + ": `" + value + "`";
  }
  json blocks = json::array();
  blocks.push_back({{"type", "header"},
                    {"text", {{"type", "plain_text"}, {"text", message.title.substr(0, 150)}}}});
  blocks.push_back({{"type", "section"},
                    {"text", {{"type", "mrkdwn"}, {"text", message.text.substr(0, 3000)}}}});
  json context = json::array();
  if (!facts.empty()) context.push_back({{"type", "mrkdwn"}, {"text", facts}});
  if (!message.link.empty()) {
    context.push_back({{"type", "mrkdwn"}, {"text", "<" + message.link + "|CI run>"}});
  }
  if (!context.empty()) blocks.push_back({{"type", "context"}, {"elements", context}});
  return {{"text", message.title}, {"blocks", blocks}};
}

json teams_payload(const Message& message) {
  // Office 365 connector MessageCard: Teams renders "text" as Markdown, so lines need breaks.
  json facts = json::array();
  for (const auto& [name, value] : message.facts)
    facts.push_back({{"name", name}, {"value", value}});
  std::string text = message.text;
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3)) {
    text.replace(at, 1, "  \n");
    at += 2;
  }
  json card = {{"@type", "MessageCard"},
               {"@context", "https://schema.org/extensions"},
               {"summary", message.title},
               {"themeColor", message.event == Event::regression ? "D73A49" : "2DA44E"},
               {"title", message.title},
               {"sections", json::array({{{"text", text}, {"facts", facts}}})}};
  if (!message.link.empty()) {
    card["potentialAction"] =
        json::array({{{"@type", "OpenUri"},
                      {"name", "Open the CI run"},
                      {"targets", json::array({{{"os", "default"}, {"uri", message.link}}})}}});
  }
  return card;
}

json generic_payload(const Message& message) {
  json facts = json::object();
  for (const auto& [name, value] : message.facts) facts[name] = value;
  return {{"source", "perfwatch"},
          {"event", to_string(message.event)},
          {"title", message.title},
          {"text", message.text},
          {"link", message.link.empty() ? json() : json(message.link)},
          {"facts", facts},
          {"summary", message.summary}};
}

}  // namespace

bool Webhook::wants(Event event) const {
  return std::find(events.begin(), events.end(), event) != events.end();
}

std::string webhook_payload(WebhookKind kind, const Message& message) {
  switch (kind) {
    case WebhookKind::slack:
      return slack_payload(message).dump();
    case WebhookKind::teams:
      return teams_payload(message).dump();
    case WebhookKind::json:
      break;
  }
  return generic_payload(message).dump();
}

Delivery deliver(const Webhook& webhook, const Message& message,
                 const std::function<void(std::chrono::milliseconds)>& sleep) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = webhook.url;
  request.body = webhook_payload(webhook.kind, message);
  request.headers = {{"User-Agent", "perfwatch"}};
  request.timeout = webhook.timeout;
  Delivery delivery;
  const auto response = http::send_with_retries(request, webhook.retry, &delivery.attempts, sleep);
  delivery.delivered = response.ok();
  if (!delivery.delivered) delivery.failure = response.describe();
  return delivery;
}

}  // namespace perfwatch::notify
