#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "store/alerts.hpp"

namespace perfwatch::cli {
namespace {

struct AlertOptions {
  std::string status = "active";
  std::string project;
  std::string format = "table";
  int64_t id = 0;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

int list(const AlertOptions& options, const GlobalOptions& global) {
  StoreSession store(global, options.postgres, AccessMode::read_only);
  const auto alerts = store::list_alerts(
      store.session(), {.status = options.status, .project = options.project, .project_id = {}});
  if (options.format == "json") {
    nlohmann::ordered_json json = nlohmann::ordered_json::array();
    for (const auto& alert : alerts) json.push_back(store::to_json(alert));
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& alert : alerts) {
    table.push_back({std::to_string(alert.id), alert.status, alert.kind, alert.project,
                     alert.branch, alert.testbed, alert.commit.substr(0, 12), alert.created,
                     alert.message});
  }
  print_table(
      {"id", "status", "kind", "project", "branch", "testbed", "commit", "created", "message"},
      table, {"id"});
  return 0;
}

int set_status(const AlertOptions& options, const GlobalOptions& global,
               const std::string& status) {
  StoreSession store(global, options.postgres, AccessMode::read_write);
  if (!store::set_alert_status(store.session(), options.id, status)) {
    throw InputError(fmt::format("no alert with id {}", options.id));
  }
  std::cout << fmt::format("alert {} {}\n", options.id, status);
  return 0;
}

}  // namespace

Command add_alert_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<AlertOptions>();
  auto* parser = app.add_subcommand("alert", "List, acknowledge or dismiss regression alerts");
  parser->require_subcommand(1);
  auto* ls_parser = parser->add_subcommand("ls", "List alerts");
  ls_parser
      ->add_option("--status", options->status,
                   "active, acknowledged, dismissed, resolved "
                   "or all")
      ->check(CLI::IsMember({"active", "acknowledged", "dismissed", "resolved", "all"}))
      ->capture_default_str();
  ls_parser->add_option("--project", options->project, "Only this project");
  ls_parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  auto* ack_parser = parser->add_subcommand("ack", "Acknowledge an alert: seen, being handled");
  ack_parser->add_option("id", options->id, "The alert's id")->required();
  auto* dismiss_parser =
      parser->add_subcommand("dismiss", "Dismiss an alert: not a real regression");
  dismiss_parser->add_option("id", options->id, "The alert's id")->required();
  for (auto* each : {ls_parser, ack_parser, dismiss_parser}) {
    add_postgres_option(*each, options->postgres);
  }
  return {parser, [options, &global, ls_parser, ack_parser] {
            if (ls_parser->parsed()) return list(*options, global);
            return set_status(*options, global,
                              ack_parser->parsed() ? "acknowledged" : "dismissed");
          }};
}

}  // namespace perfwatch::cli
