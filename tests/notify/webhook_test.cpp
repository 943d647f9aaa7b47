// Webhooks: payloads per kind, [[webhook]] tables, retries with back-off, and perfwatch notify
// webhook against a loopback receiver.
#include "notify/webhook.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using nlohmann::json;
using testing::LoopbackServer;
using testing::run_perfwatch;
using testing::ScratchDir;

notify::Message regression_message() {
  notify::Message message;
  message.event = notify::Event::regression;
  message.title = "perfwatch: 1 regression on parser main @ 0123456789";
  message.text = "- [red] parse latency +30%\n- [yellow] lex near limit\n";
  message.link = "https://ci.test/run/7";
  message.facts = {{"project", "parser"}, {"branch", "main"}};
  return message;
}

TEST(WebhookPayload, SlackHasFallbackTextAndBlocks) {
  const auto payload =
      json::parse(notify::webhook_payload(notify::WebhookKind::slack, regression_message()));
  EXPECT_EQ(payload["text"], "perfwatch: 1 regression on parser main @ 0123456789");
  ASSERT_EQ(payload["blocks"].size(), 3u);
  EXPECT_EQ(payload["blocks"][0]["type"], "header");
  EXPECT_EQ(payload["blocks"][0]["text"]["type"], "plain_text");
  EXPECT_EQ(payload["blocks"][1]["text"]["type"], "mrkdwn");
  EXPECT_EQ(payload["blocks"][1]["text"]["text"], regression_message().text);
  EXPECT_EQ(payload["blocks"][2]["elements"][0]["text"], "project: `parser`  ·  branch: `main`");
  EXPECT_EQ(payload["blocks"][2]["elements"][1]["text"], "<https://ci.test/run/7|CI run>");
}

TEST(WebhookPayload, TeamsIsAMessageCardColouredByEvent) {
  auto message = regression_message();
  const auto card = json::parse(notify::webhook_payload(notify::WebhookKind::teams, message));
  EXPECT_EQ(card["@type"], "MessageCard");
  EXPECT_EQ(card["@context"], "https://schema.org/extensions");
  EXPECT_EQ(card["summary"], message.title);
  EXPECT_EQ(card["themeColor"], "D73A49");
  EXPECT_EQ(card["sections"][0]["text"],
            "- [red] parse latency +30%  \n- [yellow] lex near limit  \n");
  EXPECT_EQ(card["sections"][0]["facts"][1], json({{"name", "branch"}, {"value", "main"}}));
  EXPECT_EQ(card["potentialAction"][0]["targets"][0]["uri"], "https://ci.test/run/7");
  message.event = notify::Event::run;
  message.link.clear();
  const auto run = json::parse(notify::webhook_payload(notify::WebhookKind::teams, message));
  EXPECT_EQ(run["themeColor"], "2DA44E");
  EXPECT_FALSE(run.contains("potentialAction"));
}

TEST(WebhookPayload, GenericJsonCarriesEventAndSummary) {
  auto message = regression_message();
  message.summary = {{"verdict", "regression"}};
  const auto payload = json::parse(notify::webhook_payload(notify::WebhookKind::json, message));
  EXPECT_EQ(payload["source"], "perfwatch");
  EXPECT_EQ(payload["event"], "regression");
  EXPECT_EQ(payload["facts"], json({{"project", "parser"}, {"branch", "main"}}));
  EXPECT_EQ(payload["summary"]["verdict"], "regression");
  EXPECT_EQ(payload["link"], "https://ci.test/run/7");
}

TEST(Retry, WaitsDoubleUpToTheCap) {
  http::RetryPolicy policy{6, std::chrono::milliseconds(100), std::chrono::milliseconds(500)};
  EXPECT_EQ(http::backoff_wait(policy, 2).count(), 100);
  EXPECT_EQ(http::backoff_wait(policy, 3).count(), 200);
  EXPECT_EQ(http::backoff_wait(policy, 4).count(), 400);
  EXPECT_EQ(http::backoff_wait(policy, 5).count(), 500);
  EXPECT_EQ(http::backoff_wait(policy, 6).count(), 500);
}

TEST(Deliver, RetriesServerErrorsWithBackoffThenSucceeds) {
  LoopbackServer server;
  server.failures_left["/hook/flaky"] = 2;
  notify::Webhook webhook;
  webhook.kind = notify::WebhookKind::slack;
  webhook.url = server.url() + "/hook/flaky";
  webhook.retry = {4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000)};
  std::vector<std::int64_t> waits;
  const auto delivery =
      notify::deliver(webhook, regression_message(),
                      [&](std::chrono::milliseconds wait) { waits.push_back(wait.count()); });
  EXPECT_TRUE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 3);
  EXPECT_EQ(waits, (std::vector<std::int64_t>{50, 100}));
  const auto posts = server.received("POST", "/hook/flaky");
  ASSERT_EQ(posts.size(), 3u);
  EXPECT_EQ(posts[2].content_type, "application/json");
  EXPECT_EQ(json::parse(posts[2].body)["text"], regression_message().title);
}

TEST(Deliver, ClientErrorsAreNotRetried) {
  LoopbackServer server;
  notify::Webhook webhook;
  webhook.url = server.url() + "/hook/gone";
  const auto delivery =
      notify::deliver(webhook, regression_message(), [](std::chrono::milliseconds) {});
  EXPECT_FALSE(delivery.delivered);
  EXPECT_EQ(delivery.attempts, 1);
  EXPECT_EQ(delivery.failure, "HTTP 410");
}

TEST(WebhookConfig, ReadsTablesAndNamesMistakesByLine) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml", R"([suite]
name = "x"

[[webhook]]
kind = "teams"
url = "https://outlook.office.com/webhook/abc"
events = ["run", "regression"]
attempts = 2
backoff_ms = 10

[[webhook]]
kind = "slack"
url_env = "PERFWATCH_TEST_UNSET_HOOK"
)");
  std::vector<std::string> warnings;
  const auto hooks = notify::read_webhooks(dir / "perfwatch.toml", &warnings);
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0].kind, notify::WebhookKind::teams);
  EXPECT_EQ(hooks[0].name, "teams webhook at outlook.office.com");
  EXPECT_TRUE(hooks[0].wants(notify::Event::run));
  EXPECT_EQ(hooks[0].retry.attempts, 2);
  EXPECT_EQ(hooks[0].retry.first_wait.count(), 10);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("line 11, column 1: PERFWATCH_TEST_UNSET_HOOK is not set"),
            std::string::npos)
      << warnings[0];

  const auto refused = [&](const std::string& toml) {
    testing::write_file(dir / "bad.toml", toml);
    try {
      notify::read_webhooks(dir / "bad.toml");
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refused("[[webhook]]\nkind = \"irc\"\nurl = \"http://x\"\n")
                .find("bad.toml: line 2, column 8: kind 'irc' is not slack, teams or json"),
            std::string::npos);
  EXPECT_NE(refused("[[webhook]]\nkind = \"json\"\nurl = \"ftp://x\"\n").find("line 3"),
            std::string::npos);
  EXPECT_NE(refused("[[webhook]]\nkind = \"json\"\nurl = \"http://x\"\nevent = [\"run\"]\n")
                .find("line 4, column 9: unknown key 'event'"),
            std::string::npos);
  EXPECT_NE(refused("[[webhook]]\nkind = \"json\"\n").find("needs either url or url_env"),
            std::string::npos);
  EXPECT_NE(refused("[[webhook]]\nkind = \"json\"\nurl = \"http://x\"\nevents = [\"push\"]\n")
                .find("'push' is not an event"),
            std::string::npos);
}

// The webhook tables of a perfwatch.toml pointing at `server`.
void write_hooks(const ScratchDir& dir, const LoopbackServer& server) {
  testing::write_file(dir / "perfwatch.toml", "[[webhook]]\nkind = \"slack\"\nurl = \"" +
                                                  server.url() +
                                                  "/hook/slack\"\nevents = [\"regression\"]\n"
                                                  "backoff_ms = 20\n\n"
                                                  "[[webhook]]\nkind = \"json\"\nurl = \"" +
                                                  server.url() +
                                                  "/hook/down\"\nevents = [\"run\", "
                                                  "\"regression\"]\nattempts = 3\n"
                                                  "backoff_ms = 20\n");
}

TEST(NotifyWebhook, FailingWebhookWarnsButTheCommandSucceeds) {
  LoopbackServer server;
  server.failures_left["/hook/slack"] = 1;
  server.failures_left["/hook/down"] = 1'000;
  ScratchDir dir;
  write_hooks(dir, server);
  auto result = run_perfwatch(
      {"notify", "webhook", "--event", "regression", "--message", "parse got slower"}, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "regression event: delivered to 1 of 2 webhooks\n");
  EXPECT_EQ(result.err, "perfwatch: warning: json webhook at 127.0.0.1:" +
                            server.url().substr(server.url().rfind(':') + 1) +
                            ": not delivered after 3 attempts: HTTP 500\n");
  EXPECT_EQ(server.received("POST", "/hook/slack").size(), 2u);  // one 500, then delivered
  EXPECT_EQ(server.received("POST", "/hook/down").size(), 3u);
  EXPECT_EQ(
      json::parse(server.received("POST", "/hook/slack")[1].body)["blocks"][1]["text"]["text"],
      "parse got slower");
}

TEST(NotifyWebhook, SummaryChoosesTheEventAndSubscribersOnly) {
  LoopbackServer server;
  ScratchDir dir;
  write_hooks(dir, server);
  testing::write_file(dir / "summary.json", json({{"verdict", "ok"},
                                                  {"headline", "no regression"},
                                                  {"project", "p"},
                                                  {"branch", "main"},
                                                  {"commit", "abc"},
                                                  {"changed", json::array()},
                                                  {"ci_run_url", "https://ci.test/1"}})
                                                .dump());
  auto result = run_perfwatch({"notify", "webhook", "--summary", "summary.json"}, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "run event: delivered to 1 of 1 webhook\n");
  EXPECT_TRUE(server.received("POST", "/hook/slack").empty());  // regressions only
  const auto posted = json::parse(server.received("POST", "/hook/down").at(0).body);
  EXPECT_EQ(posted["event"], "run");
  EXPECT_EQ(posted["title"], "perfwatch: no regression on p main @ abc");
  EXPECT_EQ(posted["link"], "https://ci.test/1");
  EXPECT_EQ(posted["summary"]["verdict"], "ok");
}

TEST(NotifyWebhook, UnreachableUrlIsAWarningAndBadConfigAnError) {
  ScratchDir dir;
  auto result = run_perfwatch(
      {"notify", "webhook", "--message", "hi", "--url", "http://127.0.0.1:9/hook"}, dir.path());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.err.find("perfwatch: warning: json webhook (--url): not delivered after 4 "
                            "attempts:"),
            std::string::npos)
      << result.err;
  testing::write_file(dir / "perfwatch.toml", "[[webhook]]\nkind = \"json\"\n");
  auto bad = run_perfwatch({"notify", "webhook", "--message", "hi"}, dir.path());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "perfwatch: error: perfwatch.toml: line 1, column 1: [[webhook]] needs "
            "either url or url_env\n");
}

}  // namespace
}  // namespace perfwatch
