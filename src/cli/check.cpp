#include "detect/check.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "store/listing.hpp"

namespace perfwatch::cli {
namespace {

struct CheckOptions {
  ReportFilter filter;
  std::string format = "table";
  std::string fail_on = "regression";
};

std::string optional_value(const std::optional<double>& value, const std::string& units) {
  return value ? humanise(*value, units) : "-";
}

nlohmann::ordered_json json_of(const detect::CheckResult& result) {
  nlohmann::ordered_json verdicts = nlohmann::ordered_json::array();
  for (const auto& verdict : result.verdicts) {
    const auto number = [](const std::optional<double>& value) -> nlohmann::ordered_json {
      return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
    };
    verdicts.push_back(
        {{"benchmark", verdict.benchmark},
         {"params", nlohmann::ordered_json::parse(verdict.params)},
         {"measure", verdict.measure},
         {"units", verdict.units},
         {"direction", to_string(verdict.direction)},
         {"status", to_string(verdict.status)},
         {"value", verdict.value},
         {"baseline", number(verdict.baseline)},
         {"change", number(verdict.change())},
         {"lower_limit", number(verdict.lower_limit)},
         {"upper_limit", number(verdict.upper_limit)},
         {"history", verdict.history_size},
         {"test", verdict.threshold.test},
         {"threshold", verdict.threshold.id == 0 ? nlohmann::ordered_json("default")
                                                 : nlohmann::ordered_json(verdict.threshold.id)}});
  }
  return {{"report", result.report_id},
          {"project", result.project},
          {"branch", result.branch},
          {"history_branch", result.history_branch},
          {"testbed", result.testbed},
          {"commit", result.commit},
          {"regressions", result.count(detect::Status::red)},
          {"verdicts", std::move(verdicts)}};
}

void print_result(const detect::CheckResult& result, std::size_t new_alerts) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& verdict : result.verdicts) {
    const auto change = verdict.change();
    const auto limit =
        verdict.direction == Direction::lower_is_better ? verdict.upper_limit : verdict.lower_limit;
    rows.push_back({std::string(to_string(verdict.status)), verdict.benchmark,
                    verdict.params == "{}" ? "-" : verdict.params, verdict.measure,
                    humanise(verdict.value, verdict.units),
                    optional_value(verdict.baseline, verdict.units),
                    change ? fmt::format("{:+.1f}%", *change * 100) : "-",
                    optional_value(limit, verdict.units), std::to_string(verdict.history_size)});
  }
  print_table({"status", "benchmark", "params", "measure", "value", "baseline", "change", "limit",
               "history"},
              rows, {"value", "baseline", "change", "limit", "history"});
  std::cout << fmt::format(
      "report {} ({} on {}, against {}): {} regressed, {} near the limit, {} improved, {} "
      "without enough history; {} new alerts\n",
      result.report_id.substr(0, 8), result.branch, result.testbed, result.history_branch,
      result.count(detect::Status::red), result.count(detect::Status::yellow),
      result.count(detect::Status::improved), result.count(detect::Status::unknown), new_alerts);
}

int run_check(const CheckOptions& options, const GlobalOptions& global) {
  auto database = open_database(global, AccessMode::read_write);
  auto& connection = database->connection();
  check_filter(connection, options.filter, global.db_path);
  const auto report = chosen_report(connection, options.filter);
  if (report.empty()) throw InputError("no report to check in " + global.db_path);
  const auto result = detect::check_report(connection, report);
  connection.execute("BEGIN TRANSACTION");
  std::size_t new_alerts = 0;
  try {
    new_alerts = detect::store_alerts(connection, result);
    connection.execute("COMMIT");
  } catch (...) {
    connection.execute("ROLLBACK");
    throw;
  }
  if (options.format == "json") {
    std::cout << json_of(result).dump(2) << "\n";
  } else {
    print_result(result, new_alerts);
  }
  return options.fail_on == "regression" && result.count(detect::Status::red) > 0 ? 1 : 0;
}

}  // namespace

Command add_check_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<CheckOptions>();
  auto* parser = app.add_subcommand(
      "check",
      "Judge a report (the newest by default) against the history of each benchmark and "
      "measure on its testbed, store alerts for regressions, and exit 1 when there is one");
  parser->add_option("--report", options->filter.report, "The report: its id or the start of it");
  parser->add_option("--project", options->filter.project, "The newest report of this project");
  parser->add_option("--branch", options->filter.branch, "The newest report of this branch");
  parser->add_option("--testbed", options->filter.testbed, "The newest report of this testbed");
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  parser
      ->add_option("--fail-on", options->fail_on,
                   "regression: exit 1 when a benchmark regressed; never: always exit 0")
      ->check(CLI::IsMember({"regression", "never"}))
      ->capture_default_str();
  return {parser, [options, &global] { return run_check(*options, global); }};
}

}  // namespace perfwatch::cli
