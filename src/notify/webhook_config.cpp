// read_webhooks: the [[webhook]] tables of perfwatch.toml (declared in webhook.hpp).
#include <algorithm>
#include <cstdlib>

#include "config/toml_document.hpp"
#include "core/error.hpp"
#include "notify/webhook.hpp"

namespace perfwatch::notify {
namespace {

WebhookKind kind_of(const std::string& name, const std::string& where) {
  if (name == "slack") return WebhookKind::slack;
  if (name == "teams") return WebhookKind::teams;
  if (name == "json") return WebhookKind::json;
  throw InputError(where + ": kind '" + name + "' is not slack, teams or json");
}

// The host of a URL, for a default name that does not print the URL's secret path.
std::string host_of(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  return url.substr(start + 3, url.find('/', start + 3) - start - 3);
}

}  // namespace

std::vector<Webhook> read_webhooks(const std::filesystem::path& path,
                                   std::vector<std::string>* warnings) {
  const auto document = config::TomlDocument::load(path);
  std::vector<Webhook> webhooks;
  for (const auto* table : document->tables("webhook")) {
    const auto table_at = document->where(*table);
    Webhook webhook;
    std::string kind, url, url_env;
    for (const auto& [toml_key, value] : *table) {
      const std::string_view key = toml_key.str();
      const auto where = document->where(value);
      if (key == "kind") {
        kind = document->text(value, key);
        webhook.kind = kind_of(kind, where);
      } else if (key == "url") {
        url = document->text(value, key);
        http::split_url(url, where + ": url");
      } else if (key == "url_env") {
        url_env = document->text(value, key);
      } else if (key == "name") {
        webhook.name = document->text(value, key);
      } else if (key == "events") {
        const auto* events = value.as_array();
        if (!events || events->empty()) {
          throw InputError(where + ": events must be a list of \"run\" and/or \"regression\"");
        }
        webhook.events.clear();
        for (const auto& event : *events) {
          webhook.events.push_back(parse_event(document->text(event, "events"), where));
        }
      } else if (key == "attempts") {
        webhook.retry.attempts =
            static_cast<int>(std::min<std::int64_t>(document->positive(value, key), 10));
      } else if (key == "backoff_ms") {
        webhook.retry.first_wait = std::chrono::milliseconds(document->positive(value, key));
      } else if (key == "timeout_ms") {
        webhook.timeout = std::chrono::milliseconds(document->positive(value, key));
      } else {
        document->unknown_key(value, key, "[[webhook]]",
                              "kind, url, url_env, events, name, attempts, backoff_ms, "
                              "timeout_ms");
      }
    }
    if (kind.empty()) throw InputError(table_at + ": [[webhook]] needs kind (slack, teams, json)");
    if (url.empty() == url_env.empty()) {
      throw InputError(table_at + ": [[webhook]] needs either url or url_env");
    }
    if (!url_env.empty()) {
      const char* value = std::getenv(url_env.c_str());
      if (!value || !*value) {
        if (warnings)
          warnings->push_back(table_at + ": " + url_env + " is not set; webhook skipped");
        continue;
      }
      url = value;
      http::split_url(url, table_at + ": $" + url_env);
    }
    webhook.url = url;
    if (webhook.name.empty()) webhook.name = kind + " webhook at " + host_of(url);
    webhooks.push_back(std::move(webhook));
  }
  return webhooks;
}

}  // namespace perfwatch::notify
