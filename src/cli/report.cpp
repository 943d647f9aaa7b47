#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "core/error.hpp"
#include "report/site_writer.hpp"

namespace perfwatch::cli {
namespace {

struct ReportOptions {
  std::string out;
  report::SiteOptions site;
};

int run_report(const ReportOptions& options, const GlobalOptions& global) {
  if (options.out.empty()) throw InputError("--out: name the folder to write the site into");
  auto database = open_database(global, AccessMode::read_only);
  const auto summary = report::write_site(database->connection(), options.out, options.site);
  std::cout << fmt::format("wrote {} files to {}: {} benchmarks, {} series, {} reports; open {}\n",
                           summary.files, options.out, summary.benchmarks, summary.series,
                           summary.reports,
                           (std::filesystem::path(options.out) / "index.html").string());
  return 0;
}

}  // namespace

Command add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ReportOptions>();
  auto* parser = app.add_subcommand(
      "report", "Write a static HTML site of the stored history (--out DIR) that works offline");
  parser->add_option("--out", options->out, "Folder to write the site into (replaced whole)");
  parser->add_option("--project", options->site.project, "Only this project (default: all)");
  parser->add_option("--title", options->site.title, "Title of the site")->capture_default_str();
  return {parser, [options, &global] { return run_report(*options, global); }};
}

}  // namespace perfwatch::cli
