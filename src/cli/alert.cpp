#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "store/listing.hpp"

namespace perfwatch::cli {
namespace {

struct AlertOptions {
  std::string status = "active";
  std::string project;
  std::string format = "table";
  int64_t id = 0;
};

int list(const AlertOptions& options, const GlobalOptions& global) {
  auto database = open_database(global, AccessMode::read_only);
  std::string where = "true";
  if (options.status != "all") where += " AND a.status = " + sql_quote(options.status);
  if (!options.project.empty()) where += " AND p.slug = " + sql_quote(options.project);
  auto rows = database->connection().query(
      "SELECT a.id, a.status, a.kind, p.slug, b.name, t.name, coalesce(r.commit_hash, ''), "
      "a.created::VARCHAR, a.message, a.report::VARCHAR FROM alert a "
      "JOIN report r ON r.id = a.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed WHERE " +
      where + " ORDER BY a.id");
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> table;
  for (uint64_t row = 0; row < rows.row_count(); ++row) {
    std::vector<std::string> cells;
    for (uint64_t column = 0; column < 10; ++column) cells.push_back(*rows.text(column, row));
    json.push_back({{"id", rows.int64(0, row)},
                    {"status", cells[1]},
                    {"kind", cells[2]},
                    {"project", cells[3]},
                    {"branch", cells[4]},
                    {"testbed", cells[5]},
                    {"commit", cells[6]},
                    {"created", cells[7]},
                    {"message", cells[8]},
                    {"report", cells[9]}});
    cells[6] = cells[6].substr(0, 12);
    cells.pop_back();
    table.push_back(std::move(cells));
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
  } else {
    print_table(
        {"id", "status", "kind", "project", "branch", "testbed", "commit", "created", "message"},
        table, {"id"});
  }
  return 0;
}

int set_status(const AlertOptions& options, const GlobalOptions& global,
               const std::string& status) {
  auto database = open_database(global, AccessMode::read_write);
  auto changed = database->connection().query(
      fmt::format("UPDATE alert SET status = {}, updated = now()::TIMESTAMP WHERE id = {} "
                  "RETURNING id",
                  sql_quote(status), options.id));
  if (changed.row_count() == 0) throw InputError(fmt::format("no alert with id {}", options.id));
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
  return {parser, [options, &global, ls_parser, ack_parser] {
            if (ls_parser->parsed()) return list(*options, global);
            return set_status(*options, global,
                              ack_parser->parsed() ? "acknowledged" : "dismissed");
          }};
}

}  // namespace perfwatch::cli
