#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <set>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "store/listing.hpp"

namespace perfwatch::cli {
namespace {

struct LsOptions {
  std::string what;
  std::string format = "table";
  ReportFilter filter;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
  std::string server;    // a results server's URL: list through its API instead
  std::string token;     // a read token for --server
};

// Columns of a table that hold numbers, aligned to the right.
const std::set<std::string> numeric_columns = {"reports", "metrics", "value", "lower",
                                               "upper",   "n",       "cores", "memory"};

std::string plain(const nlohmann::ordered_json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  if (value.is_object() && value.empty()) return "-";
  return value.dump();
}

// The rows of a listing as the text a person reads: values with their units, short commits,
// a testbed's fingerprint as its main facts.
std::vector<std::vector<std::string>> humanised(const std::string& what, const Listing& listing,
                                                std::vector<std::string>& columns) {
  std::vector<std::vector<std::string>> rows;
  if (what == "metrics") {
    columns = {"benchmark", "params", "measure", "value", "lower", "upper", "n"};
  } else if (what == "testbeds") {
    columns = {"project", "testbed", "reports", "latest", "cpu", "cores", "memory", "os"};
  } else if (what == "reports") {
    columns = {"id",    "project", "branch",  "testbed", "commit",
               "dirty", "started", "adapter", "metrics"};
  } else {
    columns = listing.columns;
  }
  for (const auto& row : listing.rows) {
    std::vector<std::string> cells;
    for (const auto& column : columns) {
      if (what == "metrics" && (column == "value" || column == "lower" || column == "upper")) {
        cells.push_back(row[column].is_null()
                            ? "-"
                            : humanise(row[column].get<double>(), row["units"].get<std::string>()));
      } else if (what == "testbeds" && !row.contains(column)) {
        const auto& fingerprint = row["fingerprint"];
        const char* key = column == "cpu"      ? "cpu_model"
                          : column == "cores"  ? "logical_cores"
                          : column == "memory" ? "memory_total_bytes"
                                               : "os";
        if (!fingerprint.is_object() || !fingerprint.contains(key)) {
          cells.push_back("-");
        } else if (column == "memory") {
          cells.push_back(humanise(fingerprint[key].get<double>(), "bytes"));
        } else {
          cells.push_back(plain(fingerprint[key]));
        }
      } else if (column == "commit" && row[column].is_string()) {
        cells.push_back(row[column].get<std::string>().substr(0, 12));
      } else {
        cells.push_back(plain(row[column]));
      }
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

// The listing as the results server at --server answers it (GET /api/v1/projects[/SLUG/WHAT],
// docs/server.md): the same rows `list` gives, for the projects the token may read.
Listing fetch_listing(const LsOptions& options, const std::string& what,
                      const ReportFilter& filter) {
  if (what != "projects" && filter.project.empty()) {
    throw InputError("--project: required with --server (the server lists one project at a time)");
  }
  std::string path = "/api/v1/projects";
  if (what != "projects") {
    httplib::Params query;
    for (const auto& [key, value] : {std::pair{"branch", filter.branch},
                                     {"testbed", filter.testbed},
                                     {"report", filter.report}}) {
      if (!value.empty()) query.emplace(key, value);
    }
    path = httplib::append_query_params(
        fmt::format("/api/v1/projects/{}/{}", httplib::detail::encode_query_param(filter.project),
                    what),
        query);
  }
  httplib::Client client(options.server);
  if (!client.is_valid()) throw InputError("--server: '" + options.server + "' is not a URL");
  client.set_connection_timeout(10);
  client.set_read_timeout(60);
  httplib::Headers headers;
  if (!options.token.empty()) headers.emplace("Authorization", "Bearer " + options.token);
  const auto response = client.Get(path, headers);
  if (!response) {
    throw InputError(fmt::format("--server: cannot reach {}: {}", options.server,
                                 httplib::to_string(response.error())));
  }
  auto body = nlohmann::ordered_json::parse(response->body, nullptr, false);
  if (response->status != 200) {
    const auto message = body.is_object() && body.contains("error") && body["error"].is_string()
                             ? body["error"].get<std::string>()
                             : response->body;
    throw InputError(
        fmt::format("--server: {} answered {}: {}", options.server, response->status, message));
  }
  if (!body.is_array()) throw InputError("--server: " + options.server + " answered no list");
  Listing listing;
  if (!body.empty() && body[0].is_object()) {
    for (const auto& item : body[0].items()) listing.columns.push_back(item.key());
  }
  listing.rows = std::move(body);
  return listing;
}

// The line above a table of metrics: which report they are of.
void print_report_heading(const std::string& report, const nlohmann::ordered_json& context) {
  std::cout << "report " << report << ": project " << plain(context["project"]) << ", branch "
            << plain(context["branch"]) << ", testbed " << plain(context["testbed"]) << ", commit "
            << plain(context["commit"]) << ", started " << plain(context["started"]) << "\n";
}

int run_from_server(const LsOptions& options) {
  const auto listing = fetch_listing(options, options.what, options.filter);
  if (options.format == "json") {
    std::cout << listing.rows.dump(2) << "\n";
    return 0;
  }
  if (options.what == "metrics") {
    if (listing.rows.empty()) {
      std::cout << "no report matches\n";
      return 0;
    }
    auto only_report = options.filter;
    only_report.report = listing.rows[0]["report"].get<std::string>();
    const auto reports = fetch_listing(options, "reports", only_report);
    if (!reports.rows.empty()) print_report_heading(only_report.report, reports.rows[0]);
  }
  std::vector<std::string> columns;
  const auto rows = humanised(options.what, listing, columns);
  print_table(columns, rows, numeric_columns);
  return 0;
}

int run_ls(const LsOptions& options, const GlobalOptions& global) {
  if (!options.server.empty()) {
    if (!options.postgres.empty()) throw InputError("--server: not with --postgres");
    return run_from_server(options);
  }
  StoreSession store(global, options.postgres, AccessMode::read_only);
  auto& connection = store.session();
  check_filter(connection, options.filter, store.name());
  const Listing listing = list(connection, options.what, options.filter);
  if (options.format == "json") {
    std::cout << listing.rows.dump(2) << "\n";
    return 0;
  }
  if (options.what == "metrics") {
    const auto report = chosen_report(connection, options.filter);
    if (report.empty()) {
      std::cout << "no report matches\n";
      return 0;
    }
    ReportFilter only_report;
    only_report.report = report;
    print_report_heading(report, list(connection, "reports", only_report).rows.at(0));
  }
  std::vector<std::string> columns;
  const auto rows = humanised(options.what, listing, columns);
  print_table(columns, rows, numeric_columns);
  return 0;
}

}  // namespace

Command add_ls_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<LsOptions>();
  auto* parser = app.add_subcommand(
      "ls",
      "List what the database holds: projects, branches, testbeds, benchmarks, measures, "
      "reports (newest first), or the metrics of a report (the newest by default)");
  std::vector<std::string> choices(std::begin(listable), std::end(listable));
  parser->add_option("what", options->what, "What to list")
      ->required()
      ->check(CLI::IsMember(choices));
  parser
      ->add_option("--format", options->format,
                   "table: aligned, values with units, for people; json: exact raw numbers "
                   "with units and direction")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  parser->add_option("--project", options->filter.project, "Only this project");
  parser->add_option("--branch", options->filter.branch,
                     "Only this branch (branches, reports, metrics)");
  parser->add_option("--testbed", options->filter.testbed,
                     "Only this testbed (testbeds, reports, metrics)");
  parser->add_option("--report", options->filter.report,
                     "The report whose metrics to list: its id or the start of it");
  add_postgres_option(*parser, options->postgres);
  parser->add_option("--server", options->server,
                     "List through this results server's API (http://HOST:PORT, see perfwatch "
                     "serve) instead of a database; needs --project except for projects");
  parser->add_option("--token", options->token, "A read token for --server")
      ->envname("PERFWATCH_TOKEN");
  return {parser, [options, &global] { return run_ls(*options, global); }};
}

}  // namespace perfwatch::cli
