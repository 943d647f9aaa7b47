// perfwatch recommend: which testbed to buy or rent for a benchmark and an objective, from the
// measured results and, where a testbed did not run the configuration, the predictions of
// `perfwatch predict` (src/model/recommend.hpp). Costs come from perfwatch.toml:
//   [testbed.a100]
//   cost_per_hour = 3.0
#include "model/recommend.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "cli/command.hpp"
#include "cli/model_input.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "detect/config.hpp"
#include "detect/quantity.hpp"
#include "model/predictor.hpp"

namespace perfwatch::cli {
namespace {

struct RecommendOptions {
  ModelFilter filter;
  std::string objective;
  std::string config = "perfwatch.toml";
  std::string format = "table";
};

struct Objective {
  std::string measure;
  model::Goal goal = model::Goal::highest;
  double bound = 0;
  std::string unit;
  std::map<std::string, std::string> at;  // parameter = value
};

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "latency <= 10 ms at batch_size = 8", "highest throughput", "lowest latency at threads = 4".
Objective parse_objective(const std::string& text) {
  Objective objective;
  std::string head = text;
  if (const auto at = text.find(" at "); at != std::string::npos) {
    head = text.substr(0, at);
    std::string rest = text.substr(at + 4);
    std::size_t start = 0;
    while (start <= rest.size()) {
      const auto comma = rest.find(',', start);
      const std::string item =
          rest.substr(start, comma == std::string::npos ? rest.npos : comma - start);
      const auto equals = item.find('=');
      if (equals == std::string::npos || trim(item.substr(0, equals)).empty() ||
          trim(item.substr(equals + 1)).empty()) {
        throw InputError("--objective: expected PARAMETER = VALUE after \"at\", got \"" +
                         trim(item) + "\"");
      }
      objective.at[trim(item.substr(0, equals))] = trim(item.substr(equals + 1));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  head = trim(head);
  for (const auto& [word, goal] : std::initializer_list<std::pair<const char*, model::Goal>>{
           {"highest ", model::Goal::highest},
           {"max ", model::Goal::highest},
           {"lowest ", model::Goal::lowest},
           {"min ", model::Goal::lowest}}) {
    if (head.rfind(word, 0) == 0) {
      objective.goal = goal;
      objective.measure = trim(head.substr(std::string(word).size()));
      if (objective.measure.empty()) throw InputError("--objective: which measure?");
      return objective;
    }
  }
  const auto slo = detect::parse_objective(head, "--objective");
  objective.measure = slo.measure;
  objective.goal = slo.at_least ? model::Goal::at_least : model::Goal::at_most;
  objective.bound = slo.limit;
  objective.unit = slo.unit;
  return objective;
}

std::map<std::string, double> read_costs(const std::string& path, bool required) {
  std::map<std::string, double> costs;
  if (!std::filesystem::exists(path)) {
    if (required) throw InputError("--config " + path + ": no such file");
    return costs;
  }
  toml::table document;
  try {
    document = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    throw InputError(fmt::format("{}:{}:{}: {}", path, error.source().begin.line,
                                 error.source().begin.column, error.description()));
  }
  if (const auto* testbeds = document["testbed"].as_table()) {
    for (const auto& [name, table] : *testbeds) {
      const auto cost =
          table.as_table() ? (*table.as_table())["cost_per_hour"].value<double>() : std::nullopt;
      if (!cost || *cost < 0) {
        throw InputError(fmt::format("{}: [testbed.{}]: expected cost_per_hour = a number >= 0",
                                     path, std::string(name.str())));
      }
      costs[std::string(name.str())] = *cost;
    }
  }
  return costs;
}

// Seconds in one of a time unit; nullopt for other units.
std::optional<double> seconds_per_unit(const std::string& units) {
  static const std::map<std::string, double> seconds = {
      {"ns", 1e-9}, {"us", 1e-6}, {"µs", 1e-6}, {"ms", 1e-3}, {"s", 1}};
  const auto found = seconds.find(units);
  if (found == seconds.end()) return std::nullopt;
  return found->second;
}

std::string params_at(const model::Observation& o, const std::string& parameter) {
  std::string text = parameter.empty() ? "" : fmt::format("{}={:g}", parameter, o.x);
  if (!o.group.empty()) text += (text.empty() ? "" : " ") + o.group;
  return text;
}

// Whether the row (group, x) satisfies the objective's "at" constraints.
bool matches(const model::Observation& o, const std::string& parameter,
             const std::map<std::string, std::string>& at) {
  const auto group = o.group.empty() ? nlohmann::json::object() : nlohmann::json::parse(o.group);
  for (const auto& [name, wanted] : at) {
    if (name == parameter) {
      if (fmt::format("{:g}", o.x) != wanted && std::to_string(o.x) != wanted) return false;
      continue;
    }
    const auto found = group.find(name);
    if (found == group.end()) return false;
    const std::string actual = found->is_string() ? found->get<std::string>() : found->dump();
    if (actual != wanted) return false;
  }
  return true;
}

int run_recommend(const RecommendOptions& options, const GlobalOptions& global) {
  const Objective objective = parse_objective(options.objective);
  const auto costs = read_costs(options.config, options.config != "perfwatch.toml");
  const auto store = open_model_store(global, options.filter);
  auto& connection = store->session();
  // The whole matrix of the measure, every benchmark: the other benchmarks are what tells what
  // a testbed is worth relative to another.
  ModelFilter filter = options.filter;
  filter.measure = objective.measure;
  filter.benchmark.clear();
  filter.filter.testbed.clear();
  const auto matrices = load_matrices(connection, filter);
  const MeasureMatrix& input = matrices.front();
  double factor = 1;
  if (!objective.unit.empty()) {
    const auto converted = detect::unit_factor(objective.unit, input.units);
    if (!converted) {
      throw InputError("--objective: " + objective.unit + " is not a unit of " + input.measure +
                       " (stored in " + input.units + ")");
    }
    factor = *converted;
  }
  for (const auto& [name, value] : objective.at) {
    bool known = name == input.parameter;
    for (const auto& o : input.observations) {
      known = known || (!o.group.empty() && nlohmann::json::parse(o.group).contains(name));
    }
    if (!known) throw InputError("--objective: no stored result has a parameter " + name);
  }
  // The benchmark: the one named exactly, else the only one whose name contains --benchmark.
  std::set<std::string> benchmarks;
  for (const auto& o : input.observations) {
    if (o.benchmark.find(options.filter.benchmark) != std::string::npos) {
      benchmarks.insert(o.benchmark);
    }
  }
  if (benchmarks.contains(options.filter.benchmark)) benchmarks = {options.filter.benchmark};
  if (benchmarks.empty()) {
    throw InputError("--benchmark " + options.filter.benchmark + ": no benchmark with " +
                     input.measure + " matches");
  }
  if (benchmarks.size() > 1) {
    throw InputError(
        fmt::format("--benchmark: {} benchmarks with {} match; name one (e.g. --benchmark \"{}\")",
                    benchmarks.size(), input.measure, *benchmarks.begin()));
  }
  const std::string benchmark = *benchmarks.begin();
  const model::Matrix matrix(input.observations);
  const model::Predictor predictor(matrix);
  // A unit of work: one unit of the throughput; for a time, one run of the benchmark.
  const bool is_rate = input.direction == Direction::higher_is_better;
  const auto seconds = seconds_per_unit(input.units);
  std::vector<model::Option> options_found;
  for (std::size_t row = 0; row < matrix.row_count(); ++row) {
    const model::Observation& example = matrix.cells()[matrix.row_cells(row).front()];
    if (example.benchmark != benchmark || !matches(example, input.parameter, objective.at)) {
      continue;
    }
    for (std::size_t column = 0; column < matrix.column_count(); ++column) {
      const std::string& only = options.filter.filter.testbed;
      if (!only.empty() && matrix.column_name(column) != only) continue;
      model::Option option;
      option.testbed = matrix.column_name(column);
      option.config = params_at(example, input.parameter);
      if (const auto cell = matrix.find_cell(row, column)) {
        option.value = option.low = option.high = matrix.cells()[*cell].value;
      } else {
        model::Observation target = example;
        target.testbed = option.testbed;
        const auto prediction = predictor.predict(target);
        if (!prediction) continue;
        option.value = prediction->value;
        option.low = prediction->low;
        option.high = prediction->high;
        option.predicted = true;
        option.extrapolated = prediction->extrapolated;
        option.basis = model::kind_name(prediction->kind);
      }
      if (is_rate) option.work_per_second = option.value;
      if (!is_rate && seconds) option.work_per_second = 1 / (option.value * *seconds);
      if (const auto cost = costs.find(option.testbed); cost != costs.end()) {
        option.cost_per_hour = cost->second;
      }
      options_found.push_back(option);
    }
  }
  if (options_found.empty()) {
    throw InputError("--objective: no stored or predictable result matches \"" + options.objective +
                     "\"");
  }
  const auto ranked = model::rank_options(options_found, objective.goal, objective.bound * factor);
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  std::size_t position = 0;
  for (const auto& r : ranked) {
    const auto& o = r.option;
    ++position;
    json.push_back(
        {{"rank", position},
         {"testbed", o.testbed},
         {"params", o.config},
         {"measure", input.measure},
         {"units", input.units},
         {"value", o.value},
         {"low", o.low},
         {"high", o.high},
         {"predicted", o.predicted},
         {"extrapolated", o.extrapolated},
         {"meets", r.meets},
         {"sure", r.sure},
         {"cost_per_hour", o.cost_per_hour ? nlohmann::ordered_json(*o.cost_per_hour) : nullptr},
         {"cost_per_million_units",
          r.cost_per_million ? nlohmann::ordered_json(*r.cost_per_million) : nullptr}});
    rows.push_back(
        {std::to_string(position), o.testbed, o.config,
         humanise(o.value, input.units) +
             (o.predicted ? fmt::format(" predicted [{} .. {}]{}", humanise(o.low, input.units),
                                        humanise(o.high, input.units), " from " + o.basis)
                          : " measured"),
         objective.goal == model::Goal::highest || objective.goal == model::Goal::lowest ? "-"
         : r.sure                                                                        ? "yes"
         : r.meets                                                                       ? "likely"
                                                                                         : "no",
         r.cost_per_million ? fmt::format("{:.4g}", *r.cost_per_million) : "-"});
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  std::cout << benchmark << ": " << options.objective << "\n";
  print_table({"rank", "testbed", "params", input.measure, "meets", "cost per 1M units"}, rows,
              {"rank", "cost per 1M units"});
  std::cout << fmt::format(
      "predicted values hold the truth with {:g}% probability within their interval; a unit of "
      "work is {}\n",
      100 * predictor.calibration().coverage,
      is_rate ? "one unit of " + input.measure : "one run of the benchmark");
  if (costs.empty())
    std::cout << "no costs: add [testbed.NAME] cost_per_hour = N to perfwatch.toml\n";
  return 0;
}

}  // namespace

Command add_recommend_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<RecommendOptions>();
  auto* parser = app.add_subcommand(
      "recommend",
      "Rank testbeds for a benchmark by the cost of a unit of work meeting an objective, from "
      "measured results and predictions for the configurations a testbed did not run");
  add_model_filter_options(*parser, options->filter);
  parser->get_option("--testbed")
      ->description("Only rank this testbed (its predictions still learn from every testbed)");
  parser
      ->add_option("--objective", options->objective,
                   "\"MEASURE <= or >= NUMBER [UNIT] [at PARAM = VALUE, ...]\", or \"highest "
                   "MEASURE\" / \"lowest MEASURE\" [at ...]; e.g. \"latency <= 10 ms at "
                   "batch_size = 8\"")
      ->required();
  parser->add_option("--config", options->config,
                     "TOML file with [testbed.NAME] cost_per_hour = N (default: perfwatch.toml, "
                     "when present)");
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {parser, [options, &global] { return run_recommend(*options, global); }};
}

}  // namespace perfwatch::cli
