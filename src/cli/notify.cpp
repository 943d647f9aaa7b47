// perfwatch notify: GitHub pull-request comments and issues, GitLab merge-request comments,
// and webhooks (notify library).
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "notify/comment_limit.hpp"
#include "notify/github.hpp"
#include "notify/gitlab.hpp"
#include "notify/issue.hpp"
#include "notify/message.hpp"
#include "notify/webhook.hpp"
#include "notify/workflow_run.hpp"

namespace perfwatch::cli {
namespace {

constexpr const char* default_marker = "<!-- perfwatch-report -->";

struct NotifyOptions {
  std::string repo;
  std::int64_t pr = 0;
  std::string body_file;
  std::string workflow_run_event;
  std::size_t max_length = notify::github_comment_limit;
  std::string full_report_url;
  std::string marker = default_marker;
  std::string summary;
  std::string title;
  std::string key;
  std::vector<std::string> labels;
  std::string config;
  std::string event;
  std::string message;
  std::string link;
  std::string url;
  std::string kind = "json";
  std::int64_t mr = 0;
  std::string gitlab_api_url;
  std::string gitlab_project;
};

// The file's text; "-" reads standard input.
std::string read_text(const std::string& path, const std::string& flag) {
  if (path == "-") return {std::istreambuf_iterator<char>(std::cin), {}};
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(flag + ": cannot read " + path);
  return {std::istreambuf_iterator<char>(file), {}};
}

nlohmann::json read_summary(const std::string& path) {
  const auto text = read_text(path, "--summary");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw InputError(fmt::format("--summary: {}: not JSON at byte {}", path, error.byte));
  }
}

// The pull request: --pr, else the number in GITHUB_REF (refs/pull/N/merge in pull_request runs).
std::int64_t pull_request_number(std::int64_t flag) {
  if (flag > 0) return flag;
  const char* ref = std::getenv("GITHUB_REF");
  std::cmatch match;
  if (ref && std::regex_match(ref, match, std::regex(R"(refs/pull/(\d+)/(merge|head))"))) {
    return std::stoll(match[1].str());
  }
  throw InputError("--pr: name the pull request's number (GITHUB_REF is not refs/pull/N/merge)");
}

// The pull request of the workflow_run event in `options.workflow_run_event`, looked up from
// what GitHub says ran; --pr, when given (e.g. read from the run's artifact), must be the same.
std::int64_t pull_request_of_workflow_run(const NotifyOptions& options,
                                          notify::GitHubClient& github) {
  const auto& path = options.workflow_run_event;
  const auto event = nlohmann::json::parse(read_text(path, "--workflow-run-event"), nullptr, false);
  if (event.is_discarded()) throw InputError("--workflow-run-event: " + path + " is not JSON");
  const auto head = notify::workflow_run_head(event, path);
  auto found = notify::pull_request_of_run(head, {});
  if (!found && !head.owner.empty() && !head.branch.empty()) {
    found = notify::pull_request_of_run(head, github.open_pull_requests(head.owner, head.branch));
  }
  if (!found) {
    throw InputError(fmt::format(
        "--workflow-run-event: no open pull request has the run's head {} ({}:{}): no comment",
        head.sha, head.repository, head.branch));
  }
  if (options.pr > 0 && options.pr != *found) {
    throw InputError(fmt::format(
        "--pr: #{} is not the pull request that ran (#{}, from the workflow_run event): refused",
        options.pr, *found));
  }
  return *found;
}

// --full-report-url, else this GitHub Actions run's page (its artifacts hold pr/comment.md).
std::string full_report_url(const std::string& flag) {
  if (!flag.empty()) return flag;
  const char* server = std::getenv("GITHUB_SERVER_URL");
  const char* repository = std::getenv("GITHUB_REPOSITORY");
  const char* run = std::getenv("GITHUB_RUN_ID");
  if (!server || !*server || !repository || !*repository || !run || !*run) return "";
  return fmt::format("{}/{}/actions/runs/{}", server, repository, run);
}

int run_github_comment(const NotifyOptions& options) {
  const bool from_event = !options.workflow_run_event.empty();
  const std::int64_t flag_pr = from_event ? 0 : pull_request_number(options.pr);
  auto body = read_text(options.body_file, "--body-file");
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError("--body-file: " + options.body_file + " is empty");
  }
  if (body.find(options.marker) == std::string::npos) body = options.marker + "\n" + body;
  notify::GitHubClient github(notify::github_settings_from_environment(options.repo));
  const auto pr = from_event ? pull_request_of_workflow_run(options, github) : flag_pr;
  body = notify::fit_comment(body, options.max_length, full_report_url(options.full_report_url));
  const auto result = github.upsert_comment(pr, body, options.marker);
  std::cout << fmt::format("{} comment {} on pull request #{}{}\n",
                           result.created ? "created" : "updated", result.id, pr,
                           result.url.empty() ? "" : ": " + result.url);
  return 0;
}

// The merge request: --mr, else CI_MERGE_REQUEST_IID (GitLab merge-request pipelines).
std::int64_t merge_request_iid(std::int64_t flag) {
  if (flag > 0) return flag;
  const char* iid = std::getenv("CI_MERGE_REQUEST_IID");
  if (iid && std::regex_match(iid, std::regex(R"(\d+)"))) return std::stoll(iid);
  throw InputError("--mr: name the merge request's number (CI_MERGE_REQUEST_IID is not set)");
}

int run_gitlab_comment(const NotifyOptions& options) {
  const auto iid = merge_request_iid(options.mr);
  auto body = read_text(options.body_file, "--body-file");
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw InputError("--body-file: " + options.body_file + " is empty");
  }
  if (body.find(options.marker) == std::string::npos) body = options.marker + "\n" + body;
  notify::GitLabClient gitlab(
      notify::gitlab_settings_from_environment(options.gitlab_api_url, options.gitlab_project));
  const auto result = gitlab.upsert_note(iid, body, options.marker);
  std::cout << fmt::format("{} note {} on merge request !{}\n",
                           result.created ? "created" : "updated", result.id, iid);
  return 0;
}

int run_github_issue(const NotifyOptions& options) {
  notify::IssueText issue;
  if (!options.summary.empty()) {
    const auto found = notify::issue_from_summary(read_summary(options.summary), options.summary);
    if (!found) {
      std::cout << "no regression in " << options.summary << ": no issue opened\n";
      return 0;
    }
    issue = *found;
  } else {
    if (options.title.empty() || options.body_file.empty()) {
      throw InputError("github-issue: give --summary FILE, or --title and --body-file");
    }
    issue.title = options.title;
    issue.marker = notify::regression_marker(options.key.empty() ? options.title : options.key);
    issue.body = issue.marker + "\n" + read_text(options.body_file, "--body-file");
  }
  notify::GitHubClient github(notify::github_settings_from_environment(options.repo));
  const auto result = github.open_issue_once(issue.title, issue.body, issue.marker, options.labels);
  std::cout << fmt::format("{} issue #{}{}\n",
                           result.opened ? "opened" : "already open:", result.number,
                           result.url.empty() ? "" : ": " + result.url);
  return 0;
}

// The webhooks of --config (else ./perfwatch.toml) and of --url.
std::vector<notify::Webhook> configured_webhooks(const NotifyOptions& options) {
  std::vector<notify::Webhook> webhooks;
  std::vector<std::string> warnings;
  if (!options.config.empty()) {
    if (!std::filesystem::is_regular_file(options.config)) {
      throw InputError("--config: no file " + options.config);
    }
    webhooks = notify::read_webhooks(options.config, &warnings);
  } else if (std::filesystem::is_regular_file("perfwatch.toml")) {
    webhooks = notify::read_webhooks("perfwatch.toml", &warnings);
  }
  for (const auto& warning : warnings) std::cerr << "perfwatch: warning: " << warning << "\n";
  if (!options.url.empty()) {
    http::split_url(options.url, "--url");
    notify::Webhook webhook;
    webhook.name = options.kind + " webhook (--url)";
    webhook.kind = options.kind == "slack"   ? notify::WebhookKind::slack
                   : options.kind == "teams" ? notify::WebhookKind::teams
                                             : notify::WebhookKind::json;
    webhook.url = options.url;
    webhook.events = {notify::Event::run, notify::Event::regression};
    webhooks.push_back(webhook);
  }
  return webhooks;
}

// Delivery failures are warnings: a chat being down must not fail the benchmark job.
int run_webhook(const NotifyOptions& options) {
  notify::Message message;
  if (!options.summary.empty()) {
    message = notify::message_from_summary(read_summary(options.summary), options.summary);
    if (!options.event.empty()) message.event = notify::parse_event(options.event, "--event");
  } else {
    if (options.message.empty()) {
      throw InputError("webhook: give --summary FILE, or --event and --message");
    }
    message.event = notify::parse_event(options.event.empty() ? "run" : options.event, "--event");
    message.title =
        options.title.empty() ? "perfwatch: " + notify::to_string(message.event) : options.title;
    message.text = options.message;
  }
  if (!options.link.empty()) message.link = options.link;
  const auto webhooks = configured_webhooks(options);
  int sent = 0, wanted = 0;
  for (const auto& webhook : webhooks) {
    if (!webhook.wants(message.event)) continue;
    ++wanted;
    const auto delivery = notify::deliver(webhook, message);
    if (delivery.delivered) {
      ++sent;
      continue;
    }
    std::cerr << fmt::format("perfwatch: warning: {}: not delivered after {} attempt{}: {}\n",
                             webhook.name, delivery.attempts, delivery.attempts == 1 ? "" : "s",
                             delivery.failure);
  }
  std::cout << fmt::format("{} event: delivered to {} of {} webhook{}\n",
                           notify::to_string(message.event), sent, wanted, wanted == 1 ? "" : "s");
  return 0;
}

}  // namespace

Command add_notify_command(CLI::App& app, const GlobalOptions&) {
  auto options = std::make_shared<NotifyOptions>();
  auto* parser = app.add_subcommand("notify",
                                    "Tell people: keep one pull-request (or GitLab merge-request) "
                                    "comment up to date, open an issue for a new "
                                    "regression, post to Slack, Microsoft Teams or JSON webhooks");
  parser->require_subcommand(1);
  const std::string env_note =
      " Token from GITHUB_TOKEN; API from GITHUB_API_URL (default https://api.github.com).";

  auto* comment = parser->add_subcommand(
      "github-comment",
      "Create the pull request's perfwatch comment, or update it when it exists (found by its "
      "marker)." +
          env_note);
  comment->add_option("--repo", options->repo, "owner/name (default: GITHUB_REPOSITORY)");
  comment->add_option("--pr", options->pr, "Pull request number (default: from GITHUB_REF)")
      ->check(CLI::PositiveNumber);
  comment->add_option("--body-file", options->body_file, "Markdown body (- for stdin)")->required();
  comment
      ->add_option("--max-length", options->max_length,
                   "A longer body is cut at a line, with a note linking the full report")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{200}, std::size_t{1} << 20));
  comment->add_option("--full-report-url", options->full_report_url,
                      "Where a cut comment links to (default: the GitHub Actions run)");
  comment->add_option(
      "--workflow-run-event", options->workflow_run_event,
      "A workflow_run event (GITHUB_EVENT_PATH): comment on the pull request whose head ran, "
      "looked up from the event; a --pr that differs is refused");
  comment
      ->add_option("--marker", options->marker,
                   "Text that identifies the comment; added to the body when missing")
      ->capture_default_str();

  auto* gitlab = parser->add_subcommand(
      "gitlab-comment",
      "Create the merge request's perfwatch comment (a note), or update it when it exists "
      "(found by its marker). Token from PERFWATCH_GITLAB_TOKEN (a project or personal access "
      "token with the api scope).");
  gitlab->add_option("--api-url", options->gitlab_api_url,
                     "GitLab's API, https://HOST/api/v4 (default: PERFWATCH_GITLAB_API_URL, else "
                     "CI_API_V4_URL)");
  gitlab->add_option("--project", options->gitlab_project,
                     "Project id or group/name (default: PERFWATCH_GITLAB_PROJECT, else "
                     "CI_PROJECT_ID)");
  gitlab->add_option("--mr", options->mr, "Merge request number (default: CI_MERGE_REQUEST_IID)")
      ->check(CLI::PositiveNumber);
  gitlab->add_option("--body-file", options->body_file, "Markdown body (- for stdin)")->required();
  gitlab
      ->add_option("--marker", options->marker,
                   "Text that identifies the comment; added to the body when missing")
      ->capture_default_str();

  auto* issue = parser->add_subcommand(
      "github-issue",
      "Open an issue for a regression, once: not when an open issue already carries the same "
      "regression's marker." +
          env_note);
  issue->add_option("--repo", options->repo, "owner/name (default: GITHUB_REPOSITORY)");
  issue->add_option("--summary", options->summary,
                    "Report summary (perfwatch report --format json); nothing is opened "
                    "without a regression in it");
  issue->add_option("--title", options->title, "Issue title (without --summary)");
  issue->add_option("--body-file", options->body_file, "Markdown body (without --summary)");
  issue->add_option("--key", options->key,
                    "What identifies the regression (without --summary; default: the title)");
  issue->add_option("--label", options->labels, "Label to add (repeatable)");

  auto* webhook = parser->add_subcommand(
      "webhook",
      "Post to the [[webhook]]s of perfwatch.toml that subscribe to the event, retrying with "
      "back-off; a webhook that fails is a warning, never a failed command");
  webhook->add_option("--summary", options->summary,
                      "Report summary (perfwatch report --format json): a regression event when "
                      "it found one, else a run event");
  webhook->add_option("--event", options->event, "run or regression (default: from --summary)")
      ->check(CLI::IsMember({"run", "regression"}));
  webhook->add_option("--message", options->message, "Text to send (without --summary)");
  webhook->add_option("--title", options->title, "Title (without --summary)");
  webhook->add_option("--link", options->link, "Link to add (default: the summary's CI run)");
  webhook->add_option("--config", options->config,
                      "File with [[webhook]] tables (default: ./perfwatch.toml when present)");
  webhook->add_option("--url", options->url, "Also post to this URL (every event)");
  webhook->add_option("--kind", options->kind, "Payload for --url: slack, teams or json")
      ->check(CLI::IsMember({"slack", "teams", "json"}))
      ->capture_default_str();

  return {parser, [options, comment, gitlab, issue, webhook] {
            if (comment->parsed()) return run_github_comment(*options);
            if (gitlab->parsed()) return run_gitlab_comment(*options);
            if (issue->parsed()) return run_github_issue(*options);
            if (webhook->parsed()) return run_webhook(*options);
            return 2;
          }};
}

}  // namespace perfwatch::cli
