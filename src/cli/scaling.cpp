// perfwatch scaling: how each series grows along a numeric parameter (input size, batch size,
// threads): Google Benchmark's complexity class and Extra-P's normal form with confidence
// intervals; along threads or processes, Amdahl's law and the Universal Scalability Law with the
// concurrency of peak throughput (src/model/complexity.hpp, threads.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/model_input.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "model/complexity.hpp"
#include "model/threads.hpp"

namespace perfwatch::cli {
namespace {

struct ScalingOptions {
  ModelFilter filter;
  std::string law = "auto";
  std::string format = "table";
};

bool is_concurrency(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word : {"thread", "proc", "worker", "concurren", "jobs", "cores", "ranks"}) {
    if (name.find(word) != std::string::npos) return true;
  }
  return false;
}

nlohmann::ordered_json interval_json(const std::optional<model::Interval>& interval) {
  if (!interval) return nullptr;
  return {interval->low, interval->high};
}

std::string interval_text(const std::optional<model::Interval>& interval, const char* format) {
  if (!interval) return "";
  return fmt::format(fmt::runtime(std::string(" [") + format + ", " + format + "]"), interval->low,
                     interval->high);
}

int run_scaling(const ScalingOptions& options, const GlobalOptions& global) {
  const auto store = open_model_store(global, options.filter);
  auto& connection = store->session();
  const auto matrices = load_matrices(connection, options.filter);
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  std::vector<std::vector<std::string>> rows;
  for (const auto& input : matrices) {
    if (input.parameter.empty()) continue;
    const bool threads =
        options.law == "threads" || (options.law == "auto" && is_concurrency(input.parameter));
    // Fitted on the time per unit of work: the value itself, or 1/value for a measure where
    // higher is better (throughput).
    const bool inverted = input.direction == Direction::higher_is_better;
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::size_t>> series;
    for (std::size_t k = 0; k < input.observations.size(); ++k) {
      const auto& o = input.observations[k];
      series[{o.benchmark, o.group, o.testbed}].push_back(k);
    }
    for (const auto& [key, cells] : series) {
      if (cells.size() < 3) continue;
      std::vector<double> x, time;
      for (std::size_t k : cells) {
        x.push_back(input.observations[k].x);
        const double value = input.observations[k].value;
        time.push_back(inverted ? 1 / value : value);
      }
      const auto& [benchmark, group, testbed] = key;
      nlohmann::ordered_json entry = {
          {"benchmark", benchmark},
          {"params", group},
          {"testbed", testbed},
          {"measure", input.measure},
          {"fitted_on", inverted ? "1/" + input.measure : input.measure},
          {"parameter", input.parameter},
          {"points", cells.size()}};
      std::string law_text, detail;
      if (const auto c = model::fit_complexity_class(x, time)) {
        entry["complexity_class"] = {
            {"class", c->name}, {"coefficient", c->coefficient}, {"relative_rms", c->relative_rms}};
      }
      const auto extrap = model::fit_extrap(x, time);
      if (extrap) {
        entry["extrap"] = {{"formula", extrap->formula()},
                           {"exponent", extrap->i},
                           {"log_exponent", extrap->j},
                           {"exponent_interval", interval_json(extrap->i_interval)},
                           {"c0", extrap->c0},
                           {"c0_interval", interval_json(extrap->c0_interval)},
                           {"c1", extrap->c1},
                           {"c1_interval", interval_json(extrap->c1_interval)},
                           {"cv_smape_percent", extrap->cv_smape_percent}};
      }
      if (threads) {
        if (const auto amdahl = model::fit_amdahl(x, time)) {
          entry["amdahl"] = {{"parallel_fraction", amdahl->parallel_fraction},
                             {"interval", interval_json(amdahl->parallel_fraction_interval)},
                             {"max_speedup", amdahl->max_speedup()},
                             {"relative_rms", amdahl->relative_rms}};
          law_text = fmt::format("Amdahl f={:.3f}{}", amdahl->parallel_fraction,
                                 interval_text(amdahl->parallel_fraction_interval, "{:.3f}"));
        }
        if (const auto usl = model::fit_usl(x, time)) {
          const auto peak = usl->peak_concurrency();
          entry["usl"] = {{"sigma", usl->sigma},
                          {"sigma_interval", interval_json(usl->sigma_interval)},
                          {"kappa", usl->kappa},
                          {"kappa_interval", interval_json(usl->kappa_interval)},
                          {"peak_concurrency", peak ? nlohmann::ordered_json(*peak) : nullptr},
                          {"peak_interval", interval_json(usl->peak_interval)},
                          {"relative_rms", usl->relative_rms}};
          detail = fmt::format("USL sigma={:.3f} kappa={:.4f} peak {}{}", usl->sigma, usl->kappa,
                               peak ? fmt::format("{:.1f}", *peak) : "none",
                               interval_text(usl->peak_interval, "{:.1f}"));
        }
      } else {
        if (entry.contains("complexity_class")) law_text = entry["complexity_class"]["class"];
        if (extrap) {
          detail =
              extrap->formula() +
              (extrap->i_interval ? fmt::format(" (n exponent 95% [{:.3g}, {:.3g}])",
                                                extrap->i_interval->low, extrap->i_interval->high)
                                  : "");
        }
      }
      json.push_back(entry);
      rows.push_back({benchmark, group, testbed, entry["fitted_on"], input.parameter,
                      std::to_string(cells.size()), law_text, detail});
    }
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  print_table({"benchmark", "params", "testbed", "fitted on", "along", "points", "law", "fit"},
              rows, {"points"});
  std::cout << fmt::format("{} series with at least three values of their parameter\n",
                           rows.size());
  return 0;
}

}  // namespace

Command add_scaling_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<ScalingOptions>();
  auto* parser = app.add_subcommand(
      "scaling",
      "Fit how each series grows along a numeric parameter: Google Benchmark's complexity "
      "classes and Extra-P's c0 + c1 n^i log2(n)^j (chosen by cross-validation) with confidence "
      "intervals; along threads, Amdahl's law and the Universal Scalability Law with the "
      "concurrency of peak throughput. Needs three values of the parameter per series");
  add_model_filter_options(*parser, options->filter);
  parser
      ->add_option("--law", options->law,
                   "complexity, threads (Amdahl and USL), or auto: threads when the parameter's "
                   "name says threads, processes, workers or jobs")
      ->check(CLI::IsMember({"auto", "complexity", "threads"}))
      ->capture_default_str();
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {parser, [options, &global] { return run_scaling(*options, global); }};
}

}  // namespace perfwatch::cli
