#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.hpp"
#include "cli/github_actions.hpp"
#include "cli/pr_model_notes.hpp"
#include "cli/remote_command.hpp"
#include "cli/store_session.hpp"
#include "core/error.hpp"
#include "detect/config.hpp"
#include "report/pr_formats.hpp"
#include "report/pr_summary.hpp"
#include "report/site_writer.hpp"
#include "store/listing.hpp"
#include "store/postgres.hpp"
#include "store/postgres_mirror.hpp"

namespace perfwatch::cli {
namespace {

struct ReportOptions {
  std::string format = "site";
  std::string out;     // the site's folder
  std::string output;  // the file of the other formats; empty: standard output
  report::SiteOptions site;
  ReportFilter filter;
  std::string base_report;
  std::string config;
  std::string fail_on = "never";
  std::size_t confirm = 2;
  std::string postgres;  // a PostgreSQL URL; empty: the DuckDB file of --db
  std::string server;    // a results server's URL: it writes the summary
  std::string token;     // a read token for --server
};

// The configuration named by --config, else ./perfwatch.toml when there is one (as check).
detect::DetectionConfig read_config(const std::string& path) {
  if (!path.empty()) {
    if (!std::filesystem::is_regular_file(path)) throw InputError("--config: no file " + path);
    return detect::read_detection_config(path);
  }
  if (std::filesystem::is_regular_file("perfwatch.toml")) {
    return detect::read_detection_config("perfwatch.toml");
  }
  return {};
}

// The database the report reads, read-only: the DuckDB file of --db, or with --postgres the
// project of the filter (or the only one, written into it) copied from PostgreSQL into memory.
std::unique_ptr<Database> report_source(const ReportOptions& options, const GlobalOptions& global,
                                        ReportFilter& filter) {
  if (!options.postgres.empty()) return mirror_of_project(options.postgres, filter);
  auto database = open_database(global, AccessMode::read_only);
  check_filter(database->connection(), filter, global.db_path);
  return database;
}

int write_site(const ReportOptions& options, const GlobalOptions& global) {
  if (options.out.empty()) throw InputError("--out: name the folder to write the site into");
  if (!options.server.empty()) {
    throw InputError("--server: the site is written from a database (--db or --postgres)");
  }
  auto site = options.site;
  site.config = read_config(options.config);
  ReportFilter project_only;
  project_only.project = site.project;
  const auto database = report_source(options, global, project_only);
  site.project = project_only.project;
  const auto summary = report::write_site(database->connection(), options.out, site);
  std::cout << fmt::format("wrote {} files to {}: {} benchmarks, {} series, {} reports; open {}\n",
                           summary.files, options.out, summary.benchmarks, summary.series,
                           summary.reports,
                           (std::filesystem::path(options.out) / "index.html").string());
  return 0;
}

// The pull-request summary of the report the options select in `connection` (the store called
// `where`).
report::PrSummary summarise(db::Connection& connection, const std::string& where,
                            const ReportOptions& options, const detect::DetectionConfig& config) {
  report::SummaryOptions summary_options;
  summary_options.config = config;
  summary_options.confirm = options.confirm;
  const auto report_id = chosen_report(connection, options.filter);
  if (report_id.empty()) throw InputError("no report to summarise in " + where);
  if (!options.base_report.empty()) {
    ReportFilter base;
    base.report = options.base_report;
    try {
      check_filter(connection, base, where);
    } catch (const InputError& error) {
      throw InputError(std::string("--base-report: ") + error.what());
    }
    summary_options.base_report = chosen_report(connection, base);
  }
  auto summary = report::summarise_report(connection, report_id, summary_options);
  add_model_notes(connection, summary);
  return summary;
}

std::string summary_text(const report::PrSummary& summary, const std::string& format) {
  if (format == "markdown") return report::pr_markdown(summary);
  if (format == "html") return report::pr_html(summary);
  if (format == "json") return report::pr_json(summary).dump(2) + "\n";
  return report::pr_junit(summary);
}

int exit_code_of(const report::PrSummary& summary, const std::string& fail_on) {
  if (fail_on == "regression" && summary.failed()) return 1;
  if (fail_on == "step" && (summary.steps > 0 || summary.slo_violations > 0)) return 1;
  return 0;
}

// The options a results server summarises with (`report --server`), and back.
nlohmann::json options_json(const ReportOptions& options) {
  return {{"format", options.format},           {"report", options.filter.report},
          {"branch", options.filter.branch},    {"testbed", options.filter.testbed},
          {"base_report", options.base_report}, {"confirm", options.confirm},
          {"fail_on", options.fail_on},         {"annotations", in_github_actions()},
          {"step_summary", has_step_summary()}, {"config", config_file_json(options.config)}};
}

ReportOptions options_of(const nlohmann::json& json) {
  ReportOptions options;
  try {
    options.format = json.value("format", "json");
    options.filter = {json.value("project", ""), json.value("branch", ""),
                      json.value("testbed", ""), json.value("report", "")};
    options.base_report = json.value("base_report", "");
    options.confirm = json.value("confirm", options.confirm);
    options.fail_on = json.value("fail_on", options.fail_on);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("body: ") + error.what());
  }
  if (options.format != "markdown" && options.format != "html" && options.format != "json" &&
      options.format != "junit") {
    throw InputError("format: '" + options.format + "' is not markdown, html, json or junit");
  }
  if (options.confirm < 1 || options.confirm > 1000) throw InputError("confirm: from 1 to 1000");
  if (options.fail_on != "regression" && options.fail_on != "step" && options.fail_on != "never") {
    throw InputError("fail_on: '" + options.fail_on + "' is not regression, step or never");
  }
  return options;
}

int write_summary(const ReportOptions& options, const GlobalOptions& global) {
  if (!options.out.empty()) throw InputError("--out: only --format site writes a folder");
  const auto config = read_config(options.config);
  if (!options.server.empty()) {
    if (!options.postgres.empty()) throw InputError("--server: not with --postgres");
    if (!options.output.empty()) throw InputError("--output: not with --server");
    return run_on_server({options.server, options.token, options.filter.project}, "report",
                         options_json(options));
  }
  auto filter = options.filter;
  const auto database = report_source(options, global, filter);
  auto selected = options;
  selected.filter = filter;
  const auto summary = summarise(
      database->connection(), options.postgres.empty() ? global.db_path : "the PostgreSQL database",
      selected, config);
  const auto text = summary_text(summary, options.format);
  if (options.output.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(options.output, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file) throw InputError("--output: cannot write " + options.output);
  }
  // In GitHub Actions: the job's summary page, and annotations (read from stderr too) that
  // mark each regression on the run.
  append_step_summary(report::pr_markdown(summary));
  if (in_github_actions()) {
    for (const auto& line : report::github_annotations(summary)) std::cerr << line << "\n";
  }
  return exit_code_of(summary, options.fail_on);
}

}  // namespace

server::CommandRun report_for_client(const nlohmann::json& options_json, db::Session& session) {
  auto options = options_of(options_json);
  const auto config = config_of_client(options_json);
  // The summary's queries are DuckDB's: a PostgreSQL store is read through a copy of the project.
  std::unique_ptr<Database> mirror;
  auto* connection = dynamic_cast<db::Connection*>(&session);
  if (connection == nullptr) {
    auto& postgres = dynamic_cast<pg::Connection&>(session);
    check_filter(postgres, options.filter, "the server's database");
    mirror = pg::mirror_project(postgres, options.filter.project);
    connection = &mirror->connection();
  } else {
    check_filter(*connection, options.filter, "the server's database");
  }
  const auto summary = summarise(*connection, "the server's database", options, config);
  std::string messages;
  if (options_json.value("annotations", false)) {
    for (const auto& line : report::github_annotations(summary)) messages += line + "\n";
  }
  // The client appends the Markdown to its job's summary page, as the command does there.
  return {exit_code_of(summary, options.fail_on), summary_text(summary, options.format), messages,
          options_json.value("step_summary", false) ? report::pr_markdown(summary) : ""};
}

Command add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ReportOptions>();
  auto* parser = app.add_subcommand(
      "report",
      "Write what people look at: a static HTML site of the whole history that works offline "
      "(--out DIR), or one report's pull-request summary as Markdown, HTML, JSON or JUnit XML "
      "(appended to $GITHUB_STEP_SUMMARY, with ::error annotations, inside GitHub Actions)");
  parser->add_option("--format", options->format, "site, markdown, html, json or junit")
      ->check(CLI::IsMember({"site", "markdown", "html", "json", "junit"}))
      ->capture_default_str();
  parser->add_option("--out", options->out, "site: the folder to write (replaced whole)");
  parser->add_option("--title", options->site.title, "site: its title")->capture_default_str();
  parser->add_option("-o,--output", options->output,
                     "markdown, html, json, junit: the file to write (default: standard output)");
  parser->add_option("--project", options->filter.project,
                     "Only this project (site), or its newest report (summary)");
  parser->add_option("--report", options->filter.report,
                     "summary: the report (its id or the start of it; default: the newest)");
  parser->add_option("--branch", options->filter.branch,
                     "summary: the newest report of this branch");
  parser->add_option("--testbed", options->filter.testbed,
                     "summary: the newest report of this testbed");
  parser->add_option("--base-report", options->base_report,
                     "summary: compare sample by sample with this report (default: the newest "
                     "report of the report's base branch on its testbed)");
  parser->add_option("--config", options->config,
                     "perfwatch.toml with [[threshold]] and [[slo]] tables the verdicts follow, "
                     "as in check (default: ./perfwatch.toml when there is one)");
  parser
      ->add_option("--confirm", options->confirm,
                   "summary: reports in a row beyond the limit that make a step")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  parser
      ->add_option("--fail-on", options->fail_on,
                   "summary: exit 1 on a regression or SLO violation (regression), on a step or "
                   "SLO violation (step), or never")
      ->check(CLI::IsMember({"regression", "step", "never"}))
      ->capture_default_str();
  add_postgres_option(*parser, options->postgres);
  add_server_options(
      *parser, options->server, options->token,
      "summarise (markdown, html, json, junit; the site is written from a database)");
  return {parser, [options, &global] {
            options->site.project = options->filter.project;
            return options->format == "site" ? write_site(*options, global)
                                             : write_summary(*options, global);
          }};
}

}  // namespace perfwatch::cli
