#include <fmt/format.h>

#include <iostream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/complexity_check.hpp"
#include "cli/detection_settings.hpp"
#include "cli/remote_command.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "detect/stored_check.hpp"
#include "store/listing.hpp"
#include "store/transaction.hpp"

namespace perfwatch::cli {
namespace {

struct CheckOptions {
  ReportFilter filter;
  std::string format = "table";
  std::string fail_on = "regression";
  std::size_t confirm = 2;
  double false_discovery_rate = 0.01;
  double max_p_value = detect::CheckSettings{}.max_p_value;
  bool require_history = false;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
  std::string server;    // a results server's URL: it runs the check
  std::string token;     // a read token for --server
  std::string config;
  std::vector<std::string> directions;
};

// Exit code of --require-history when some series had nothing to be judged against.
constexpr int kNoHistoryExit = 4;

// What the status column says: red verdicts with the size of the new level's run and how sure.
std::string status_text(const detect::Verdict& verdict, std::size_t confirm) {
  if (verdict.status != detect::Status::red) return std::string(to_string(verdict.status));
  if (!verdict.is_step(confirm)) return "red (spike)";
  const auto reports = verdict.step ? verdict.step->values : verdict.beyond_streak;
  return fmt::format("red (step, {}, {})", reports, verdict.sureness());
}

// The loud line for series that nothing was judged against, or empty when every series had
// earlier reports.
std::string no_history_line(const detect::CheckResult& result) {
  const auto missing = result.without_history();
  if (missing == 0) return {};
  return fmt::format(
      "no history: {} of {} series have no earlier reports on testbed {} (branch {}); nothing "
      "was judged for them",
      missing, result.verdicts.size(), result.testbed, result.history_branch);
}

// The measures of the verdicts left undeclared, in verdict order.
std::vector<std::string> undeclared_measures(const detect::CheckResult& result) {
  std::vector<std::string> measures;
  for (const auto& verdict : result.verdicts) {
    if (verdict.status == detect::Status::undeclared) measures.push_back(verdict.measure);
  }
  return measures;
}

std::string optional_value(const std::optional<double>& value, const std::string& units) {
  return value ? humanise(*value, units) : "-";
}

nlohmann::ordered_json json_of(const detect::CheckResult& result, std::size_t confirm) {
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
         {"shape", verdict.status != detect::Status::red ? nlohmann::ordered_json()
                   : verdict.is_step(confirm)            ? nlohmann::ordered_json("step")
                                                         : nlohmann::ordered_json("spike")},
         {"beyond_streak", verdict.beyond_streak},
         {"step", verdict.step && verdict.status != detect::Status::green
                      ? nlohmann::ordered_json{{"reports", verdict.step->values},
                                               {"before", verdict.step->before},
                                               {"after", verdict.step->after},
                                               {"change", verdict.step->change()},
                                               {"p_value", verdict.step->p_value},
                                               {"q_value", verdict.q_value},
                                               {"confidence", verdict.confidence()},
                                               {"after_commit", verdict.step_after_commit},
                                               {"commit", verdict.step_commit}}
                      : nlohmann::ordered_json()},
         {"noise", number(verdict.noise)},
         {"min_change", verdict.min_change},
         {"value", verdict.value},
         {"baseline", number(verdict.baseline)},
         {"change", number(verdict.change())},
         {"lower_limit", number(verdict.lower_limit)},
         {"upper_limit", number(verdict.upper_limit)},
         {"history", verdict.history_size},
         {"history_since_change", verdict.since_change > 0},
         {"test", verdict.threshold.test},
         {"threshold", verdict.threshold.id == 0 ? nlohmann::ordered_json("default")
                                                 : nlohmann::ordered_json(verdict.threshold.id)},
         {"threshold_origin", verdict.threshold.origin}});
  }
  nlohmann::ordered_json objectives = nlohmann::ordered_json::array();
  for (const auto& objective : result.objectives) {
    objectives.push_back({{"benchmark", objective.benchmark},
                          {"params", nlohmann::ordered_json::parse(objective.params)},
                          {"measure", objective.objective.measure},
                          {"operator", objective.objective.at_least ? ">=" : "<="},
                          {"limit", objective.objective.limit},
                          {"unit", objective.objective.unit},
                          {"value", objective.value},
                          {"margin", objective.margin()},
                          {"met", objective.met},
                          {"origin", objective.objective.origin},
                          {"summary", objective.describe()}});
  }
  return {{"report", result.report_id},
          {"project", result.project},
          {"branch", result.branch},
          {"history_branch", result.history_branch},
          {"testbed", result.testbed},
          {"commit", result.commit},
          {"regressions", result.count(detect::Status::red)},
          {"suspects", result.count(detect::Status::suspect)},
          {"undeclared", result.count(detect::Status::undeclared)},
          {"without_history", result.without_history()},
          {"no_history", no_history_line(result).empty()
                             ? nlohmann::ordered_json()
                             : nlohmann::ordered_json(no_history_line(result))},
          {"steps", result.steps(confirm)},
          {"slo_violations", result.violations()},
          {"verdicts", std::move(verdicts)},
          {"objectives", std::move(objectives)}};
}

void print_result(const detect::CheckResult& result, std::size_t new_alerts, std::size_t confirm,
                  std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& verdict : result.verdicts) {
    const auto change = verdict.change();
    const auto limit =
        verdict.direction == Direction::lower_is_better ? verdict.upper_limit : verdict.lower_limit;
    rows.push_back({status_text(verdict, confirm), verdict.benchmark,
                    verdict.params == "{}" ? "-" : verdict.params, verdict.measure,
                    humanise(verdict.value, verdict.units),
                    optional_value(verdict.baseline, verdict.units),
                    change ? fmt::format("{:+.1f}%", *change * 100) : "-",
                    optional_value(limit, verdict.units), std::to_string(verdict.history_size)});
  }
  print_table({"status", "benchmark", "params", "measure", "value", "baseline", "change", "limit",
               "history"},
              rows, {"value", "baseline", "change", "limit", "history"}, out);
  if (!result.objectives.empty()) out << "\nservice-level objectives:\n";
  for (const auto& objective : result.objectives) out << "  " << objective.describe() << "\n";
  out << fmt::format(
      "report {} ({} on {}, against {}): {} regressed ({} steps), {} suspect, {} near the limit, "
      "{} improved, {} without enough history; {} of {} SLOs violated; {} new alerts\n",
      result.report_id.substr(0, 8), result.branch, result.testbed, result.history_branch,
      result.count(detect::Status::red), result.steps(confirm),
      result.count(detect::Status::suspect), result.count(detect::Status::yellow),
      result.count(detect::Status::improved), result.count(detect::Status::unknown),
      result.violations(), result.objectives.size(), new_alerts);
  const auto note = detect::undeclared_directions_note(undeclared_measures(result));
  if (!note.empty()) out << note << "\n";
}

// Checks the report the options select on `session` (the store called `store_name`), stores its
// alerts, and prints the verdicts to `out` and warnings to `err`; returns the exit code.
int check_and_print(db::Session& session, const std::string& store_name,
                    const CheckOptions& options, const detect::DetectionConfig& config,
                    std::ostream& out, std::ostream& err) {
  check_filter(session, options.filter, store_name);
  const auto report = chosen_report(session, options.filter);
  if (report.empty()) throw InputError("no report to check in " + store_name);
  const auto result =
      detect::check_report(session, report, config,
                           {options.confirm, options.false_discovery_rate, options.max_p_value});
  db::Transaction transaction(session);
  const auto new_alerts = detect::store_alerts(session, result);
  transaction.commit();
  const auto complexity = complexity_changes(session, result);
  if (options.format == "json") {
    auto json = json_of(result, options.confirm);
    json["complexity_changes"] = complexity_json(complexity);
    out << json.dump(2) << "\n";
    const auto note = detect::undeclared_directions_note(undeclared_measures(result));
    if (!note.empty()) err << "perfwatch check: " << note << "\n";
  } else {
    print_result(result, new_alerts, options.confirm, out);
    print_complexity(complexity, out);
  }
  if (const auto line = no_history_line(result); !line.empty()) {
    err << "perfwatch check: " << line << "\n";
    if (options.require_history) return kNoHistoryExit;
  }
  // A complexity that rose fails like a violated objective (not under --fail-on slo or never).
  const bool violated =
      result.violations() > 0 || (options.fail_on != "slo" && complexity_rose(complexity));
  if (options.fail_on == "suspect") {
    return violated || result.count(detect::Status::red) || result.count(detect::Status::suspect)
               ? 1
               : 0;
  }
  if (options.fail_on == "regression") return violated || result.count(detect::Status::red) ? 1 : 0;
  if (options.fail_on == "step") return violated || result.steps(options.confirm) ? 1 : 0;
  if (options.fail_on == "slo") return violated ? 1 : 0;
  return 0;
}

// The options a results server runs the check with (`check --server`), and back.
nlohmann::json options_json(const CheckOptions& options) {
  return {{"report", options.filter.report},
          {"branch", options.filter.branch},
          {"testbed", options.filter.testbed},
          {"format", options.format},
          {"fail_on", options.fail_on},
          {"confirm", options.confirm},
          {"false_discovery_rate", options.false_discovery_rate},
          {"max_p_value", options.max_p_value},
          {"require_history", options.require_history},
          {"directions", options.directions},
          {"config", config_file_json(options.config)}};
}

CheckOptions options_of(const nlohmann::json& json) {
  CheckOptions options;
  try {
    options.filter = {json.value("project", ""), json.value("branch", ""),
                      json.value("testbed", ""), json.value("report", "")};
    options.format = json.value("format", options.format);
    options.fail_on = json.value("fail_on", options.fail_on);
    options.confirm = json.value("confirm", options.confirm);
    options.false_discovery_rate = json.value("false_discovery_rate", options.false_discovery_rate);
    options.max_p_value = json.value("max_p_value", options.max_p_value);
    options.require_history = json.value("require_history", false);
    options.directions = json.value("directions", std::vector<std::string>());
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("body: ") + error.what());
  }
  if (options.format != "table" && options.format != "json") {
    throw InputError("format: '" + options.format + "' is not table or json");
  }
  // The ranges of --confirm, --false-discovery-rate and --max-p.
  if (options.confirm < 1 || options.confirm > 1000) throw InputError("confirm: from 1 to 1000");
  if (!(options.false_discovery_rate >= 1e-9 && options.false_discovery_rate <= 0.5)) {
    throw InputError("false_discovery_rate: from 1e-9 to 0.5");
  }
  if (!(options.max_p_value >= 1e-12 && options.max_p_value <= 0.01)) {
    throw InputError("max_p_value: from 1e-12 to 0.01");
  }
  for (const char* fail_on : {"regression", "suspect", "step", "slo", "never"}) {
    if (options.fail_on == fail_on) return options;
  }
  throw InputError("fail_on: '" + options.fail_on +
                   "' is not one of regression, suspect, step, slo, never");
}

int run_check(const CheckOptions& options, const GlobalOptions& global) {
  // Bad configuration or --direction: before any write (or request).
  const auto config = read_detection_settings(options.config, options.directions);
  if (!options.server.empty()) {
    if (!options.postgres.empty()) throw InputError("--server: not with --postgres");
    return run_on_server({options.server, options.token, options.filter.project}, "check",
                         options_json(options));
  }
  StoreSession store(global, options.postgres, AccessMode::read_write);
  return check_and_print(store.session(), store.name(), options, config, std::cout, std::cerr);
}

}  // namespace

server::CommandRun check_for_client(const nlohmann::json& options_json, db::Session& session) {
  const auto options = options_of(options_json);
  auto config = config_of_client(options_json);
  for (const auto& spec : options.directions) config.directions.declare_flag(spec, "--direction");
  std::ostringstream out, err;
  const auto exit_code =
      check_and_print(session, "the server's database", options, config, out, err);
  return {exit_code, out.str(), err.str(), ""};  // check adds nothing to the job's summary page
}

Command add_check_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<CheckOptions>();
  auto* parser = app.add_subcommand(
      "check",
      "Judge a report (the newest by default) against the history of each benchmark and "
      "measure on its testbed and against the SLOs of perfwatch.toml, store alerts, and exit 1 "
      "on a regression or SLO violation (2: bad input; 4: --require-history and a series without "
      "history). A single report beyond the limit is suspect, not red: a regression is an "
      "established step (docs/detection.md)");
  parser->add_option("--report", options->filter.report, "The report: its id or the start of it");
  parser->add_option("--project", options->filter.project, "The newest report of this project");
  parser->add_option("--branch", options->filter.branch, "The newest report of this branch");
  parser->add_option("--testbed", options->filter.testbed, "The newest report of this testbed");
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  parser
      ->add_option("--fail-on", options->fail_on,
                   "Exit 1 on: regression (any red verdict or SLO violation), suspect (red or "
                   "suspect: a pull request's gate, whose one report cannot establish a step; "
                   "re-run its suspects first with `run --confirm-suspects`), step (only red "
                   "verdicts confirmed by --confirm reports in a row, or an SLO violation), slo "
                   "(only SLO violations); never: always exit 0")
      ->check(CLI::IsMember({"regression", "suspect", "step", "slo", "never"}))
      ->capture_default_str();
  parser
      ->add_option("--confirm", options->confirm,
                   "Reports of the new level that make a step rather than a spike (and, for a "
                   "configured threshold, reports in a row beyond its limit that make it red)")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  parser
      ->add_option("--false-discovery-rate", options->false_discovery_rate,
                   "Benjamini-Hochberg level over the report's series: the chance that a commit "
                   "without a real regression turns red at all")
      ->check(CLI::Range(1e-9, 0.5))
      ->capture_default_str();
  parser
      ->add_option("--max-p", options->max_p_value,
                   "Per-series level of the step tests, before the suite-level control. The "
                   "default suits pipelines that re-run suspects first (`run "
                   "--confirm-suspects`); where results cannot be re-run (ingested from "
                   "elsewhere), 5e-5 gives about a quarter of the false reds "
                   "(docs/detection.md)")
      ->check(CLI::Range(1e-12, 0.01))
      ->capture_default_str();
  parser->add_flag("--require-history", options->require_history,
                   "Exit 4 when some series of the report have no earlier reports to be judged "
                   "against (a new testbed or benchmark), instead of passing with a warning");
  parser->add_option("--config", options->config,
                     "perfwatch.toml with [[threshold]], [[slo]] and [[measure]] tables (default: "
                     "./perfwatch.toml when there is one)");
  add_direction_option(*parser, options->directions);
  add_postgres_option(*parser, options->postgres);
  add_server_options(*parser, options->server, options->token, "check");
  return {parser, [options, &global] { return run_check(*options, global); }};
}

}  // namespace perfwatch::cli
