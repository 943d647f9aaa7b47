// Commands a results server runs for its clients (`check --server`, `report --server`): the
// client sends the command's options as JSON with the text of its perfwatch.toml, the server
// runs the command's own code on its store (server/api.hpp, POST /api/v1/projects/P/COMMAND)
// and answers what it printed and its exit code, which the client prints and exits with.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "detect/config.hpp"
#include "server/api.hpp"
#include "store/sql.hpp"

namespace perfwatch::cli {

// The client's side.

struct ServerTarget {
  std::string url;      // http://HOST:PORT
  std::string token;    // a read token of the project
  std::string project;  // required
};

// Adds --server URL and --token (or $PERFWATCH_TOKEN) to `command`'s parser.
void add_server_options(CLI::App& parser, std::string& url, std::string& token,
                        std::string_view command);

// {"path", "text"} of the configuration file a command reads (`config_path`, else
// ./perfwatch.toml when there is one), or null.
nlohmann::json config_file_json(const std::string& config_path);

// Has the server run `command` with `options`; prints its output and messages, appends the
// Markdown it returns for the job's summary page to $GITHUB_STEP_SUMMARY, and returns its exit
// code. Throws InputError naming --server or --project when the server cannot be reached,
// refuses the token, or finds the options bad (its message).
int run_on_server(const ServerTarget& target, std::string_view command,
                  const nlohmann::json& options);

// The server's side.

// The configuration the client sent ("config" of `options`), errors naming the client's file.
detect::DetectionConfig config_of_client(const nlohmann::json& options);

// check and report as the server runs them (check.cpp, report.cpp).
server::CommandRun check_for_client(const nlohmann::json& options, db::Session& session);
server::CommandRun report_for_client(const nlohmann::json& options, db::Session& session);

// The runner `perfwatch serve` gives its API.
server::CommandRun run_for_client(std::string_view command, const nlohmann::json& options,
                                  db::Session& session);

}  // namespace perfwatch::cli
