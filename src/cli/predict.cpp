// perfwatch predict: estimates for the cells of the results matrix not measured (benchmark x
// testbed x parameters), with prediction intervals; --validate reports instead how well such
// estimates hold on this database, by hiding measured cells (src/model/validate.hpp).
#include <fmt/format.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/model_input.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "model/predictor.hpp"
#include "model/untested.hpp"
#include "model/validate.hpp"

namespace perfwatch::cli {
namespace {

struct PredictOptions {
  ModelFilter filter;
  double coverage = 0.9;
  bool validate = false;
  std::string format = "table";
};

std::string params_text(const std::string& group, const std::string& parameter, double x) {
  std::string text = parameter.empty() ? "" : fmt::format("{}={:g}", parameter, x);
  if (!group.empty()) text += (text.empty() ? "" : " ") + group;
  return text;
}

// "12.6%", or with several shuffles "12.6% (12.1-13.0% over 5 seeds)".
std::string mape_text(const model::ValidationFigure& figure) {
  if (figure.repeats < 2) return fmt::format("{:.1f}%", figure.mape_percent);
  return fmt::format("{:.1f}% ({:.1f}-{:.1f}% over {} seeds)", figure.mape_percent,
                     figure.mape_lowest, figure.mape_highest, figure.repeats);
}

int run_validate(const std::vector<MeasureMatrix>& matrices, const PredictOptions& options) {
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& input : matrices) {
    std::cerr << fmt::format("validating {} ({} cells)...\n", input.measure,
                             input.observations.size());
    const model::Matrix matrix(input.observations);
    for (const auto& figure : model::validate(matrix, options.coverage)) {
      json.push_back({{"measure", input.measure},
                      {"parameter", input.parameter},
                      {"question", figure.question},
                      {"predicted", figure.count},
                      {"not_predictable", figure.missed},
                      {"mape_percent", figure.mape_percent},
                      {"repeats", figure.repeats},
                      {"mape_lowest_percent", figure.mape_lowest},
                      {"mape_highest_percent", figure.mape_highest},
                      {"interval_coverage_percent", figure.coverage_percent},
                      {"interval_level_percent", 100 * options.coverage}});
      rows.push_back({input.measure, input.parameter, figure.question, std::to_string(figure.count),
                      std::to_string(figure.missed), figure.count ? mape_text(figure) : "-",
                      figure.count ? fmt::format("{:.1f}%", figure.coverage_percent) : "-"});
    }
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  print_table({"measure", "parameter", "question", "predicted", "unpredictable", "MAPE",
               fmt::format("in {:g}% interval", 100 * options.coverage)},
              rows, {"predicted", "unpredictable", "MAPE"});
  return 0;
}

int run_predict(const PredictOptions& options, const GlobalOptions& global) {
  const auto store = open_model_store(global, options.filter);
  auto& connection = store->session();
  // --testbed picks the cells to predict; every testbed's results inform them.
  ModelFilter all = options.filter;
  if (!options.validate) all.filter.testbed.clear();
  const auto matrices = load_matrices(connection, all);
  if (options.validate) return run_validate(matrices, options);
  const std::string& only = options.filter.filter.testbed;

  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& input : matrices) {
    const model::Matrix matrix(input.observations);
    const model::Predictor predictor(matrix, options.coverage);
    const auto cells = model::predict_untested(
        matrix, predictor, [&only](const model::Observation&, const std::string& testbed) {
          return only.empty() || testbed == only;
        });
    for (const auto& [target, row, prediction] : cells) {
      const auto params = params_text(target.group, input.parameter, target.x);
      const std::string kind(model::kind_name(prediction.kind));
      json.push_back({{"benchmark", target.benchmark},
                      {"params", params},
                      {"testbed", target.testbed},
                      {"measure", input.measure},
                      {"units", input.units},
                      {"predicted", prediction.value},
                      {"low", prediction.low},
                      {"high", prediction.high},
                      {"interval_level", options.coverage},
                      {"kind", kind},
                      {"extrapolated", prediction.extrapolated}});
      rows.push_back(
          {target.benchmark, params, target.testbed, input.measure,
           humanise(prediction.value, input.units),
           humanise(prediction.low, input.units) + " .. " + humanise(prediction.high, input.units),
           kind + (prediction.extrapolated ? " (extrapolated)" : "")});
    }
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  print_table({"benchmark", "params", "testbed", "measure", "predicted",
               fmt::format("{:g}% interval", 100 * options.coverage), "from"},
              rows, {"predicted"});
  std::cout << fmt::format("{} cells predicted; none of them was measured\n", rows.size());
  return 0;
}

}  // namespace

Command add_predict_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<PredictOptions>();
  auto* parser = app.add_subcommand(
      "predict",
      "Estimate the results of configurations not run (benchmark x testbed x parameters) from "
      "the latest stored results: each series' curve along a numeric parameter, and what each "
      "testbed is worth relative to the others on the benchmarks run on both; with prediction "
      "intervals. --validate measures instead how well such estimates hold on this database");
  add_model_filter_options(*parser, options->filter);
  parser->get_option("--testbed")
      ->description("Only predict this testbed's cells (from every testbed's results)");
  parser
      ->add_option("--interval", options->coverage,
                   "Share of values the prediction intervals should hold")
      ->check(CLI::Range(0.5, 0.99))
      ->capture_default_str();
  parser->add_flag("--validate", options->validate,
                   "Hide measured cells, predict them from the rest, and report the error (MAPE) "
                   "and the intervals' coverage per kind of question");
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {parser, [options, &global] { return run_predict(*options, global); }};
}

}  // namespace perfwatch::cli
