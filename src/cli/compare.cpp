#include "detect/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "adapters/adapter.hpp"
#include "cli/ab_output.hpp"
#include "cli/command.hpp"
#include "cli/detection_settings.hpp"
#include "cli/store_session.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "store/ab_sessions.hpp"
#include "store/listing.hpp"
#include "store/report_lookup.hpp"

namespace perfwatch::cli {
namespace {

struct CompareCliOptions {
  std::string base, candidate;
  std::string format = "table";
  double alpha = 0.05;
  std::string fail_on = "never";
  std::string config;
  std::vector<std::string> directions;
  std::string ab;  // a stored A/B session's id, "latest" or "list"
  std::string postgres;
};

// Keeps what an adapter parses, as a comparison side.
class SideSink final : public MetricSink {
 public:
  explicit SideSink(detect::ComparisonSide& side) : side_(side) {}
  void add(const MetricRecord& metric) override {
    detect::Series series;
    series.units = metric.measure->units;
    series.direction = metric.measure->direction;
    series.value = metric.value;
    series.samples.assign(metric.samples.begin(), metric.samples.end());
    side_[{std::string(metric.benchmark), std::string(metric.params_json), metric.measure->slug}] =
        std::move(series);
  }
  void set_tool_version(std::string_view) override {}

 private:
  detect::ComparisonSide& side_;
};

// A side named by the user: a results file, else a report id (or its start), a branch (its
// newest report) or a commit (its newest report), tried in that order.
detect::ComparisonSide resolve(const std::string& name, const char* which,
                               const GlobalOptions& global, std::string& described) {
  detect::ComparisonSide side;
  if (std::filesystem::is_regular_file(name)) {
    const InputFile input = read_input_file(name);
    SideSink sink(side);
    parse_input(detect_adapter(input), input, sink);
    described = name;
    return side;
  }
  if (!std::filesystem::exists(global.db_path)) {
    throw InputError(std::string(which) + ": '" + name +
                     "' is not a file, and there is no database " + global.db_path +
                     " to find it in");
  }
  auto database = open_database(global, AccessMode::read_only);
  auto& connection = database->connection();
  const auto report = store::find_named_report(connection, name);
  if (!report) {
    throw InputError(std::string(which) + ": '" + name +
                     "' is no file, report, branch or commit in " + global.db_path);
  }
  described = fmt::format("{} {} (report {})", report->kind, name, report->id.substr(0, 8));
  return detect::side_of(store::load_sampled_metrics(connection, report->id));
}

std::string percent(double ratio) { return fmt::format("{:+.1f}%", (ratio - 1) * 100); }

const std::vector<std::string> kColumns = {"benchmark", "measure", "base", "candidate",
                                           "delta",     "95% CI",  "p",    "verdict"};

std::vector<std::vector<std::string>> rows_of(const detect::Comparison& comparison) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& series : comparison.series) {
    const auto& [benchmark, params, measure] = series.key;
    rows.push_back({benchmark + (params == "{}" ? "" : " " + params), measure,
                    humanise(series.base, series.units), humanise(series.candidate, series.units),
                    std::isfinite(series.ratio) ? percent(series.ratio) : "-",
                    series.ratio_lower ? fmt::format("[{}, {}]", percent(*series.ratio_lower),
                                                     percent(*series.ratio_upper))
                                       : "-",
                    series.p_value ? fmt::format("{:.3f}", *series.p_value) : "-",
                    std::string(to_string(series.change))});
  }
  for (const auto& [measure, ratio] : comparison.geomean_ratio) {
    rows.push_back({"geomean", measure, "", "", percent(ratio), "", "", ""});
  }
  return rows;
}

void print_sides_only(const detect::Comparison& comparison) {
  for (const auto& [list, side] : {std::pair{&comparison.only_base, "base"},
                                   std::pair{&comparison.only_candidate, "candidate"}}) {
    if (!list->empty()) std::cout << list->size() << " series only in the " << side << "\n";
  }
  const auto note = detect::undeclared_directions_note(comparison.undeclared_measures());
  if (!note.empty()) std::cout << note << "\n";
}

void print(const detect::Comparison& comparison, const std::string& base_name,
           const std::string& candidate_name) {
  std::cout << "base:      " << base_name << "\ncandidate: " << candidate_name << "\n\n";
  print_table(kColumns, rows_of(comparison), {"base", "candidate", "delta", "p"});
  print_sides_only(comparison);
}

// A section for a pull request's comment: the same rows as a Markdown table, "|" escaped.
void print_markdown(const detect::Comparison& comparison, const std::string& base_name,
                    const std::string& candidate_name) {
  auto cell = [](std::string text) {
    for (std::size_t at = text.find('|'); at != std::string::npos; at = text.find('|', at + 2))
      text.replace(at, 1, "\\|");
    return text;
  };
  std::cout << "### perfwatch compare: " << cell(candidate_name) << " against " << cell(base_name)
            << "\n\n|";
  for (const auto& column : kColumns) std::cout << " " << column << " |";
  std::cout << "\n|---|---|--:|--:|--:|--:|--:|---|\n";
  for (const auto& row : rows_of(comparison)) {
    std::cout << "|";
    for (const auto& value : row) std::cout << " " << cell(value) << " |";
    std::cout << "\n";
  }
  std::cout << "\n";
  print_sides_only(comparison);
}

nlohmann::ordered_json json_of(const detect::Comparison& comparison) {
  auto optional = [](const std::optional<double>& value) {
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
  };
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const auto& compared : comparison.series) {
    const auto& [benchmark, params, measure] = compared.key;
    series.push_back(
        {{"benchmark", benchmark},
         {"params", nlohmann::ordered_json::parse(params)},
         {"measure", measure},
         {"units", compared.units},
         {"base", compared.base},
         {"candidate", compared.candidate},
         {"ratio", std::isfinite(compared.ratio) ? nlohmann::ordered_json(compared.ratio)
                                                 : nlohmann::ordered_json()},
         {"ratio_lower", optional(compared.ratio_lower)},
         {"ratio_upper", optional(compared.ratio_upper)},
         {"p_value", optional(compared.p_value)},
         {"verdict", to_string(compared.change)}});
  }
  auto undeclared = comparison.undeclared_measures();
  std::sort(undeclared.begin(), undeclared.end());
  undeclared.erase(std::unique(undeclared.begin(), undeclared.end()), undeclared.end());
  return {{"series", std::move(series)},
          {"geomean_ratio", comparison.geomean_ratio},
          {"undeclared_directions", undeclared}};
}

// compare --ab: a session `perfwatch ab` stored, or the list of them.
int show_ab_session(const CompareCliOptions& options, const GlobalOptions& global) {
  if (!options.base.empty() || !options.candidate.empty())
    throw InputError("--ab shows a stored A/B session: give it without BASE and CANDIDATE");
  if (options.postgres.empty() && !std::filesystem::exists(global.db_path))
    throw InputError("--ab: there is no database " + global.db_path +
                     " (perfwatch ab stores its sessions there; --db names another)");
  StoreSession store(global, options.postgres, AccessMode::read_only);
  if (options.ab == "list") {
    print_ab_sessions(store::list_ab_sessions(store.session()), options.format);
    return 0;
  }
  const auto session = store::load_ab_session(store.session(), options.ab);
  print_ab_session(session, options.format);
  const bool worse = std::any_of(session.verdicts.begin(), session.verdicts.end(),
                                 [](const auto& v) { return v.worse; });
  return options.fail_on == "worse" && worse ? 1 : 0;
}

int run_compare(const CompareCliOptions& options, const GlobalOptions& global) {
  if (!options.ab.empty()) return show_ab_session(options, global);
  if (options.base.empty() || options.candidate.empty())
    throw InputError("compare needs BASE and CANDIDATE (or --ab SESSION)");
  auto settings = read_detection_settings(options.config, options.directions);
  std::string base_name, candidate_name;
  const auto base = resolve(options.base, "BASE", global, base_name);
  const auto candidate = resolve(options.candidate, "CANDIDATE", global, candidate_name);
  detect::CompareOptions compare_options;
  compare_options.alpha = options.alpha;
  compare_options.directions = std::move(settings.directions);
  const auto comparison = detect::compare(base, candidate, compare_options);
  if (options.format == "json") {
    std::cout << json_of(comparison).dump(2) << "\n";
    const auto note = detect::undeclared_directions_note(comparison.undeclared_measures());
    if (!note.empty()) std::cerr << "perfwatch compare: " << note << "\n";
  } else if (options.format == "markdown") {
    print_markdown(comparison, base_name, candidate_name);
  } else {
    print(comparison, base_name, candidate_name);
  }
  const bool worse = std::any_of(comparison.series.begin(), comparison.series.end(),
                                 [](const auto& s) { return s.change == detect::Change::worse; });
  return options.fail_on == "worse" && worse ? 1 : 0;
}

}  // namespace

Command add_compare_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<CompareCliOptions>();
  auto* parser = app.add_subcommand(
      "compare",
      "Compare two sets of results benchmark by benchmark: each side is a results file, a "
      "report id, a branch (its newest report) or a commit (its newest report). With --ab: an "
      "A/B session that `perfwatch ab` stored, as it printed it");
  parser->add_option("base", options->base, "The reference side");
  parser->add_option("candidate", options->candidate, "The side judged against it");
  parser->add_option("--ab", options->ab,
                     "Show the stored A/B session with this id (or the start of it), 'latest' for "
                     "the newest, or 'list' for a list of them (newest first)");
  add_postgres_option(*parser, options->postgres);
  parser->add_option("--format", options->format, "table, markdown (a PR comment section) or json")
      ->check(CLI::IsMember({"table", "markdown", "json"}))
      ->capture_default_str();
  parser->add_option("--alpha", options->alpha, "Significance level of the Mann-Whitney U test")
      ->check(CLI::Range(1e-6, 0.5))
      ->capture_default_str();
  parser
      ->add_option("--fail-on", options->fail_on,
                   "worse: exit 1 when a series is significantly worse (never one whose direction "
                   "is undeclared); never: exit 0")
      ->check(CLI::IsMember({"worse", "never"}))
      ->capture_default_str();
  parser->add_option("--config", options->config,
                     "perfwatch.toml whose [[measure]] tables declare directions (default: "
                     "./perfwatch.toml when there is one)");
  add_direction_option(*parser, options->directions);
  return {parser, [options, &global] { return run_compare(*options, global); }};
}

}  // namespace perfwatch::cli
