// notify/webhook: posting a Message to a chat or a generic receiver, retried with back-off.
// Payloads: Slack incoming webhooks ({"text", "blocks"}), Microsoft Teams connectors (a
// MessageCard) and generic JSON (event, title, text, link, facts and the report summary).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "http/retry.hpp"
#include "notify/message.hpp"

namespace perfwatch::notify {

enum class WebhookKind { slack, teams, json };

struct Webhook {
  std::string name;  // for messages; default: the kind and the URL's host
  WebhookKind kind = WebhookKind::json;
  std::string url;
  std::vector<Event> events{Event::regression};
  http::RetryPolicy retry;
  std::chrono::milliseconds timeout{10'000};

  bool wants(Event event) const;
};

// The request body for `kind`.
std::string webhook_payload(WebhookKind kind, const Message& message);

struct Delivery {
  bool delivered = false;
  int attempts = 0;
  std::string failure;  // the last response's description when not delivered
};

// Posts `message` to `webhook`, retrying transient failures (see http::send_with_retries).
Delivery deliver(const Webhook& webhook, const Message& message,
                 const std::function<void(std::chrono::milliseconds)>& sleep = nullptr);

// The [[webhook]] tables of a perfwatch.toml:
//
//   [[webhook]]
//   kind = "slack"                 # slack, teams or json
//   url = "https://hooks.slack.com/services/..."   # or url_env = "SLACK_WEBHOOK_URL"
//   events = ["regression", "run"] # default ["regression"]
//   name = "team-chat"             # optional, for messages
//   attempts = 4                   # tries in all (default 4)
//   backoff_ms = 1000              # wait before the second try; doubles each time
//   timeout_ms = 10000             # per request
//
// A url_env naming an unset variable leaves that webhook out with a warning on `warnings`
// (a fork's pull request has no secrets). Throws InputError naming the file and line for a
// syntax error, an unknown key, a wrong type or value.
std::vector<Webhook> read_webhooks(const std::filesystem::path& path,
                                   std::vector<std::string>* warnings = nullptr);

}  // namespace perfwatch::notify
