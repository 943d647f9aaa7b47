#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "store/tokens.hpp"

namespace perfwatch::cli {
namespace {

struct TokenOptions {
  std::string project;
  std::string name = "token";
  std::string scope = "write";
  std::string format = "table";
  int64_t id = 0;
  bool off = false;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

// Runs `work` on the PostgreSQL database of --postgres, else on the DuckDB file.
template <typename Work>
auto on_database(const TokenOptions& options, const GlobalOptions& global, AccessMode mode,
                 Work work) {
  StoreSession store(global, options.postgres, mode);
  return work(store.session());
}

int add(const TokenOptions& options, const GlobalOptions& global) {
  const auto token =
      on_database(options, global, AccessMode::read_write, [&](db::Session& session) {
        return store::create_token(session, options.project, options.name, options.scope);
      });
  std::cout << token << "\n";
  std::cerr << fmt::format("a {} token for project {}: shown this once, stored only hashed\n",
                           options.scope, options.project);
  return 0;
}

int list(const TokenOptions& options, const GlobalOptions& global) {
  const auto listing = on_database(
      options, global, AccessMode::read_only,
      [&](db::Session& session) { return store::list_tokens(session, options.project); });
  if (options.format == "json") {
    std::cout << listing.rows.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : listing.rows) {
    rows.push_back({std::to_string(row["id"].get<int64_t>()), row["project"], row["name"],
                    row["scope"], row["created"]});
  }
  print_table({"id", "project", "name", "scope", "created"}, rows, {"id"});
  return 0;
}

}  // namespace

Command add_token_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<TokenOptions>();
  auto* parser = app.add_subcommand(
      "token", "Manage the results server's API tokens and which projects anyone may read");
  parser->require_subcommand(1);
  auto* add_parser = parser->add_subcommand("add", "Make a token and print it (once)");
  add_parser->add_option("--project", options->project, "The project it is for")->required();
  add_parser->add_option("--name", options->name, "A name to recognise it by")
      ->capture_default_str();
  add_parser->add_option("--scope", options->scope, "read, or write (includes read)")
      ->check(CLI::IsMember({"read", "write"}))
      ->capture_default_str();
  auto* ls_parser = parser->add_subcommand("ls", "List tokens (never their secret)");
  ls_parser->add_option("--project", options->project, "Only this project's");
  ls_parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  auto* rm_parser = parser->add_subcommand("rm", "Revoke a token");
  rm_parser->add_option("id", options->id, "The token's id (see token ls)")->required();
  auto* public_parser = parser->add_subcommand(
      "public", "Let anyone read a project through the server, without a token");
  public_parser->add_option("--project", options->project, "The project")->required();
  public_parser->add_flag("--off", options->off, "Make reading need a token again");
  for (auto* each : {add_parser, ls_parser, rm_parser, public_parser}) {
    add_postgres_option(*each, options->postgres);
  }

  return {parser, [options, &global, add_parser, ls_parser, rm_parser] {
            if (add_parser->parsed()) return add(*options, global);
            if (ls_parser->parsed()) return list(*options, global);
            if (rm_parser->parsed()) {
              on_database(*options, global, AccessMode::read_write,
                          [&](db::Session& session) { store::revoke_token(session, options->id); });
              std::cout << fmt::format("token {} revoked\n", options->id);
              return 0;
            }
            on_database(*options, global, AccessMode::read_write, [&](db::Session& session) {
              store::set_public_read(session, options->project, !options->off);
            });
            std::cout << fmt::format(
                "project {} is {}\n", options->project,
                options->off ? "readable with a token only" : "readable by anyone");
            return 0;
          }};
}

}  // namespace perfwatch::cli
