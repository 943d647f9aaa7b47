#include "detect/threshold.hpp"

#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "store/thresholds.hpp"
#include "store/transaction.hpp"

namespace perfwatch::cli {
namespace {

struct ThresholdOptions {
  std::string project;
  detect::Threshold threshold;  // no boundaries: they come from the flags only
  std::optional<double> window_days;
  int64_t id = 0;
  std::string format = "table";
  std::string from, to, start_point;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

int add(ThresholdOptions& options, const GlobalOptions& global) {
  if (options.window_days) {
    if (!(*options.window_days > 0)) throw InputError("--window-days: must be positive");
    options.threshold.window_seconds = static_cast<int64_t>(*options.window_days * 86400);
  }
  const auto& threshold = options.threshold;
  detect::validate_threshold(threshold);
  StoreSession store(global, options.postgres, AccessMode::read_write);
  const auto id = store::add_threshold(
      store.session(),
      detect::to_stored(threshold, store::project_or_only(store.session(), options.project)));
  std::cout << "added threshold " << id << "\n";
  return 0;
}

int list(const ThresholdOptions& options, const GlobalOptions& global) {
  StoreSession store(global, options.postgres, AccessMode::read_only);
  const auto listing =
      store::threshold_listing(store::list_thresholds(store.session(), options.project));
  if (options.format == "json") {
    std::cout << listing.rows.dump(2) << "\n";
    return 0;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : listing.rows) {
    std::vector<std::string> cells;
    for (const auto& column : listing.columns) {
      cells.push_back(row[column].is_null()     ? "-"
                      : row[column].is_string() ? row[column].get<std::string>()
                                                : row[column].dump());
    }
    rows.push_back(std::move(cells));
  }
  print_table(listing.columns, rows,
              {"id", "window_reports", "window_seconds", "min_sample_size", "lower_boundary",
               "upper_boundary", "min_change"});
  return 0;
}

int clone(const ThresholdOptions& options, const GlobalOptions& global) {
  StoreSession store(global, options.postgres, AccessMode::read_write);
  auto& session = store.session();
  const auto project = store::project_or_only(session, options.project);
  db::Transaction transaction(session);
  const auto copied = store::clone_thresholds(session, project, options.from, options.to);
  if (!options.start_point.empty()) {
    store::set_start_point(session, project, options.to, options.from, options.start_point);
  }
  transaction.commit();
  std::cout << fmt::format(
      "copied {} thresholds of {} to {}{}\n", copied, options.from, options.to,
      options.start_point.empty() ? "" : "; its history stops at " + options.start_point);
  return 0;
}

int remove(const ThresholdOptions& options, const GlobalOptions& global) {
  StoreSession store(global, options.postgres, AccessMode::read_write);
  if (!store::remove_threshold(store.session(), options.id)) {
    throw InputError(fmt::format("no threshold with id {}", options.id));
  }
  std::cout << "removed threshold " << options.id << "\n";
  return 0;
}

}  // namespace

Command add_threshold_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ThresholdOptions>();
  auto* parser = app.add_subcommand("threshold",
                                    "Manage the thresholds `perfwatch check` judges new values by");
  parser->require_subcommand(1);

  auto* add_parser = parser->add_subcommand(
      "add", "Add a threshold for a project, optionally only for one branch, testbed or measure");
  auto& threshold = options->threshold;
  add_parser->add_option("--project", options->project,
                         "Project (default: the only one in the database)");
  add_parser->add_option("--branch", threshold.branch, "Only this branch (default: any)");
  add_parser->add_option("--testbed", threshold.testbed, "Only this testbed (default: any)");
  add_parser->add_option("--measure", threshold.measure, "Only this measure (default: any)");
  add_parser
      ->add_option("--test", threshold.test,
                   "static, percentage, z_score, t_test, iqr, delta_iqr or log_normal")
      ->capture_default_str();
  add_parser->add_option("--lower", threshold.lower_boundary,
                         "Lower boundary: the multiple k of the spread, the fraction (percentage), "
                         "the confidence level (t_test, e.g. 0.99) or the limit itself (static)");
  add_parser->add_option("--upper", threshold.upper_boundary, "Upper boundary, as --lower");
  add_parser->add_option("--window", threshold.window_reports, "Use the newest N earlier reports")
      ->capture_default_str();
  add_parser->add_option("--window-days", options->window_days,
                         "And only reports this many days old at most");
  add_parser
      ->add_option("--min-samples", threshold.min_sample_size,
                   "No verdict with fewer earlier values")
      ->capture_default_str();
  add_parser->add_option("--min-change", threshold.min_change,
                         "A change below this fraction of the baseline never fails, e.g. 0.02 "
                         "(default: the series' own noise)");

  auto* ls_parser = parser->add_subcommand("ls", "List thresholds");
  ls_parser->add_option("--project", options->project, "Only this project");
  ls_parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  auto* rm_parser = parser->add_subcommand("rm", "Remove a threshold");
  rm_parser->add_option("id", options->id, "The threshold's id (see threshold ls)")->required();

  auto* clone_parser = parser->add_subcommand(
      "clone", "Copy a branch's thresholds to a new branch that starts from it");
  clone_parser->add_option("--project", options->project,
                           "Project (default: the only one in the database)");
  clone_parser->add_option("--from", options->from, "The base branch")->required();
  clone_parser->add_option("--to", options->to, "The new branch")->required();
  clone_parser->add_option("--start-point", options->start_point,
                           "The base's commit the new branch forked from: checks of its pull "
                           "requests use the base's history up to that commit's report");

  for (auto* each : {add_parser, ls_parser, rm_parser, clone_parser}) {
    add_postgres_option(*each, options->postgres);
  }

  return {parser, [options, &global, add_parser, ls_parser, clone_parser] {
            if (add_parser->parsed()) return add(*options, global);
            if (ls_parser->parsed()) return list(*options, global);
            if (clone_parser->parsed()) return clone(*options, global);
            return remove(*options, global);
          }};
}

}  // namespace perfwatch::cli
