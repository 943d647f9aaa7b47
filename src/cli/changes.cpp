#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/format.hpp"
#include "detect/change_point_cache.hpp"
#include "store/change_point_states.hpp"
#include "store/series.hpp"
#include "store/transaction.hpp"

namespace perfwatch::cli {
namespace {

struct ChangesOptions {
  ReportFilter filter;
  std::string benchmark;
  std::string measure;
  std::string format = "table";
  detect::ChangePointOptions detection;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
};

std::string short_commit(const std::string& commit) {
  return commit.empty() ? "?" : commit.substr(0, 10);
}

// The database the history is read from: the DuckDB file of --db (read-write: the change points
// found are kept for the next run, change_point_cache.hpp), or with --postgres the project copied
// into memory (the series are then examined from scratch each time).
std::unique_ptr<Database> history_of(ChangesOptions& options, const GlobalOptions& global) {
  if (!options.postgres.empty()) return mirror_of_project(options.postgres, options.filter);
  auto database = open_database(global, AccessMode::read_write);
  check_filter(database->connection(), options.filter, global.db_path);
  return database;
}

int run_changes(ChangesOptions options, const GlobalOptions& global) {
  const auto database = history_of(options, global);
  auto& connection = database->connection();
  const auto settings = detect::ChangePointCache::settings_of(options.detection);
  detect::ChangePointCache cache(store::load_change_point_states(connection, settings),
                                 options.detection);
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  std::size_t series_count = 0;
  store::for_each_series(
      connection, options.filter, options.benchmark, options.measure,
      [&](const store::StoredSeries& series) {
        ++series_count;
        for (const auto& point : cache.change_points(series)) {
          // Without a stated direction a change is neither a regression nor an improvement.
          const bool worse =
              (point.after > point.before) == (series.direction == Direction::lower_is_better);
          const std::string kind = series.direction == Direction::unknown ? "change"
                                   : worse                                ? "regression"
                                                                          : "improvement";
          const auto& last_before = series.commits[point.index - 1];
          const auto& first_after = series.commits[point.index];
          json.push_back({{"branch", series.branch},
                          {"testbed", series.testbed},
                          {"benchmark", series.benchmark},
                          {"params", nlohmann::ordered_json::parse(series.params)},
                          {"measure", series.measure},
                          {"units", series.units},
                          {"kind", kind},
                          {"before", point.before},
                          {"after", point.after},
                          {"change", point.change()},
                          {"p_value", point.p_value},
                          {"index", point.index},
                          {"last_commit_before", last_before},
                          {"first_commit_after", first_after},
                          {"first_started_after", series.started[point.index]}});
          rows.push_back({series.branch, series.testbed,
                          series.benchmark + (series.params == "{}" ? "" : " " + series.params),
                          series.measure, kind, fmt::format("{:+.1f}%", point.change() * 100),
                          humanise(point.before, series.units), humanise(point.after, series.units),
                          short_commit(last_before) + ".." + short_commit(first_after),
                          fmt::format("{:.1e}", point.p_value)});
        }
      });
  db::Transaction transaction(connection);
  store::save_change_point_states(connection, settings, cache.changed());
  transaction.commit();
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  print_table({"branch", "testbed", "benchmark", "measure", "kind", "change", "before", "after",
               "commits", "p"},
              rows, {"change", "before", "after"});
  std::cout << fmt::format(
      "{} step changes in {} series ({} examined from scratch, {} after their last change "
      "point only, {} unchanged since the last run)\n",
      rows.size(), series_count, cache.from_scratch(), cache.updated(), cache.unchanged());
  return 0;
}

}  // namespace

Command add_changes_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ChangesOptions>();
  auto* parser = app.add_subcommand(
      "changes",
      "List the step changes in each benchmark's history (change-point detection), with their "
      "size and the commits between which each happened");
  parser->add_option("--project", options->filter.project,
                     "Only this project (with --postgres: one project, by default the only one)");
  parser->add_option("--branch", options->filter.branch, "Only this branch");
  parser->add_option("--testbed", options->filter.testbed, "Only this testbed");
  parser->add_option("--benchmark", options->benchmark, "Only benchmarks whose name contains this");
  parser->add_option("--measure", options->measure, "Only this measure");
  parser
      ->add_option("--max-p", options->detection.max_p_value,
                   "Significance a step needs (corrected for the number of candidate splits)")
      ->check(CLI::Range(1e-12, 0.5))
      ->capture_default_str();
  parser
      ->add_option("--min-segment", options->detection.min_segment,
                   "Reports each side of a step must have; a lone outlier is never a step")
      ->check(CLI::Range(2, 1000))
      ->capture_default_str();
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  add_postgres_option(*parser, options->postgres);
  return {parser, [options, &global] { return run_changes(*options, global); }};
}

}  // namespace perfwatch::cli
