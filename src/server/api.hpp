// The results server's HTTP JSON API over one perfwatch database. Every response is JSON; an
// error is {"error": "what was wrong"} with 400 (bad input), 401 (no or unknown token), 403
// (token without that right), 404, 405 or 413 (body over the limit). Nothing is written for a
// rejected request: a submission is stored in one transaction or not at all.
//
//   GET    /api/v1/health
//   POST   /api/v1/reports                                   submit (write), body below
//   GET    /api/v1/projects                                  those the caller may read
//   GET    /api/v1/projects/P/(branches|testbeds|benchmarks|measures|reports|metrics)
//            ?branch=&testbed=&report=                       as `perfwatch ls`
//   GET    /api/v1/projects/P/alerts?status=active|acknowledged|dismissed|resolved|all
//   POST   /api/v1/projects/P/alerts/ID/(acknowledge|dismiss)   (write)
//   GET    /api/v1/projects/P/thresholds
//   POST   /api/v1/projects/P/thresholds                     (write) {"test", "lower", ...}
//   DELETE /api/v1/projects/P/thresholds/ID                  (write)
//   POST   /api/v1/projects/P/(check|report)                 run the command here (read), body:
//            its options as JSON; answers {"exit_code", "output", "messages", "step_summary"}
//            (`check --server`)
//
// A submission is {"context": {...} (submit/context_json.hpp), "adapter": "auto" or a name,
// "content": the results file's text}; the token is "Authorization: Bearer TOKEN".
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/store.hpp"

namespace perfwatch::server {

// What a command run for a client printed, and its exit code.
struct CommandRun {
  int exit_code = 0;
  std::string output;    // its standard output
  std::string messages;  // its standard error
  // Markdown the client appends to its CI job's summary page ($GITHUB_STEP_SUMMARY), as the
  // command run there would; empty when there is none.
  std::string step_summary;
};

// Runs command `command` (check or report) on `session` with `options` (the JSON the client
// sent, "project" set to the project of the path) as the command itself does: the command's code
// lives in cli/, which gives it to the server (`perfwatch serve`). Throws InputError for bad
// options.
using CommandRunner = std::function<CommandRun(
    std::string_view command, const nlohmann::json& options, db::Session& session)>;

struct ServerLimits {
  std::size_t max_body_bytes = 32 << 20;
};

// Registers the API's routes on `http`. Each request works on a session the store lends it
// (DuckDB: the readers' connection, one request at a time; PostgreSQL: a connection of its own);
// submissions go to the store's own write path (store.hpp).
class Api {
 public:
  Api(Store& store, ServerLimits limits, CommandRunner run_command);
  void install(httplib::Server& http);

 private:
  Store& store_;
  ServerLimits limits_;
  CommandRunner run_command_;
};

}  // namespace perfwatch::server
