#include <algorithm>
#include <iostream>
#include <set>

#include "cli/command.hpp"
#include "cli/table.hpp"
#include "core/format.hpp"
#include "store/listing.hpp"

namespace perfwatch::cli {
namespace {

struct LsOptions {
  std::string what;
  std::string format = "table";
  ReportFilter filter;
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

int run_ls(const LsOptions& options, const GlobalOptions& global) {
  auto database = open_database(global, AccessMode::read_only);
  auto& connection = database->connection();
  check_filter(connection, options.filter, global.db_path);
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
    const auto context = list(connection, "reports", only_report).rows.at(0);
    std::cout << "report " << report << ": project " << plain(context["project"]) << ", branch "
              << plain(context["branch"]) << ", testbed " << plain(context["testbed"])
              << ", commit " << plain(context["commit"]) << ", started "
              << plain(context["started"]) << "\n";
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
  return {parser, [options, &global] { return run_ls(*options, global); }};
}

}  // namespace perfwatch::cli
