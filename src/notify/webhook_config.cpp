// read_webhooks: the [[webhook]] tables of perfwatch.toml (declared in webhook.hpp).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"
#include "notify/webhook.hpp"

namespace perfwatch::notify {
namespace {

std::string position(const std::filesystem::path& path, const toml::source_region& source) {
  return fmt::format("{}: line {}, column {}", path.string(), source.begin.line,
                     source.begin.column);
}

std::string text(const toml::node& value, std::string_view key, const std::string& where) {
  if (const auto* string = value.as_string()) return string->get();
  throw InputError(where + ": " + std::string(key) + " must be a string");
}

std::int64_t positive(const toml::node& value, std::string_view key, const std::string& where) {
  const auto* integer = value.as_integer();
  if (!integer || integer->get() < 1) {
    throw InputError(where + ": " + std::string(key) + " must be a whole number above 0");
  }
  return integer->get();
}

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
  toml::table document;
  try {
    document = toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    throw InputError(position(path, error.source()) + ": " + std::string(error.description()));
  }
  std::vector<Webhook> webhooks;
  const auto* node = document.get("webhook");
  if (!node) return webhooks;
  const auto* array = node->as_array();
  if (!array) throw InputError(position(path, node->source()) + ": webhook must be [[webhook]]");
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    const auto table_at = position(path, element.source());
    if (!table) throw InputError(table_at + ": [[webhook]] must be a table");
    Webhook webhook;
    std::string kind, url, url_env;
    for (const auto& [toml_key, value] : *table) {
      const std::string_view key = toml_key.str();
      const auto where = position(path, value.source());
      if (key == "kind") {
        kind = text(value, key, where);
        webhook.kind = kind_of(kind, where);
      } else if (key == "url") {
        url = text(value, key, where);
        split_url(url, where + ": url");
      } else if (key == "url_env") {
        url_env = text(value, key, where);
      } else if (key == "name") {
        webhook.name = text(value, key, where);
      } else if (key == "events") {
        const auto* events = value.as_array();
        if (!events || events->empty()) {
          throw InputError(where + ": events must be a list of \"run\" and/or \"regression\"");
        }
        webhook.events.clear();
        for (const auto& event : *events) {
          webhook.events.push_back(parse_event(text(event, "events", where), where));
        }
      } else if (key == "attempts") {
        webhook.retry.attempts =
            static_cast<int>(std::min<std::int64_t>(positive(value, key, where), 10));
      } else if (key == "backoff_ms") {
        webhook.retry.first_wait = std::chrono::milliseconds(positive(value, key, where));
      } else if (key == "timeout_ms") {
        webhook.timeout = std::chrono::milliseconds(positive(value, key, where));
      } else {
        throw InputError(where + ": unknown key '" + std::string(key) +
                         "' in [[webhook]] (kind, url, url_env, events, name, attempts, "
                         "backoff_ms, timeout_ms)");
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
      split_url(url, table_at + ": $" + url_env);
    }
    webhook.url = url;
    if (webhook.name.empty()) webhook.name = kind + " webhook at " + host_of(url);
    webhooks.push_back(std::move(webhook));
  }
  return webhooks;
}

}  // namespace perfwatch::notify
