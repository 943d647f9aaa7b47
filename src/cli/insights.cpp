// perfwatch insights: what in the stored history deserves attention: the noisiest series and
// what would help, the biggest movers of the latest report, testbeds that scale unlike the others
// on a benchmark, the service-level objectives (perfwatch.toml's [[slo]]) whose margin shrinks,
// and the untested cells whose prediction is least sure (the most useful to run next).
// src/model/insights.hpp and predictor.hpp do the sums.
#include "model/insights.hpp"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>

#include "cli/command.hpp"
#include "cli/detection_settings.hpp"
#include "cli/model_input.hpp"
#include "cli/table.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "detect/quantity.hpp"
#include "model/complexity.hpp"
#include "model/predictor.hpp"
#include "model/untested.hpp"
#include "store/series.hpp"

namespace perfwatch::cli {
namespace {

struct InsightsOptions {
  ModelFilter filter;
  std::size_t top = 10;
  std::size_t window = 0;
  std::string format = "table";
  std::string config;
};

// Margins are judged on the newest this many reports at most (Theil-Sen is quadratic in them).
constexpr std::size_t max_margin_reports = 200;

// An objective's margin on its good side, as a share of the limit: positive while met.
double margin(const detect::ServiceLevelObjective& objective, double value) {
  const double limit = std::fabs(objective.limit);
  if (limit == 0) return 0;
  return (objective.at_least ? value - objective.limit : objective.limit - value) / limit;
}

std::string series_name(const SeriesHistory& s, const std::string& parameter) {
  std::string text = s.benchmark;
  if (!parameter.empty()) text += fmt::format(" {}={:g}", parameter, s.x);
  if (!s.group.empty()) text += " " + s.group;
  return text;
}

template <typename T>
void keep_top(std::vector<T>& items, std::size_t top, auto&& better) {
  std::stable_sort(items.begin(), items.end(), better);
  if (items.size() > top) items.resize(top);
}

int run_insights(const InsightsOptions& options, const GlobalOptions& global) {
  const auto store = open_model_store(global, options.filter);
  auto& connection = store->session();
  const auto matrices = load_matrices(connection, options.filter);
  nlohmann::ordered_json json = {{"noisiest", nlohmann::ordered_json::array()},
                                 {"movers", nlohmann::ordered_json::array()},
                                 {"scaling_anomalies", nlohmann::ordered_json::array()},
                                 {"slo_margins", nlohmann::ordered_json::array()},
                                 {"run_next", nlohmann::ordered_json::array()}};
  struct Item {
    double key;
    nlohmann::ordered_json json;
    std::vector<std::string> row;
  };
  std::vector<Item> noisy, movers, anomalies, next, margins;
  const auto config = read_detection_settings(options.config, {});
  for (const auto& objective : config.objectives) {
    const std::string text = fmt::format("{} {} {:g}{}", objective.measure,
                                         objective.at_least ? ">=" : "<=", objective.limit,
                                         objective.unit.empty() ? "" : " " + objective.unit);
    store::for_each_series(
        connection, options.filter.filter, options.filter.benchmark, objective.measure,
        [&](const store::StoredSeries& s) {
          if (fnmatch(objective.benchmark.c_str(), s.benchmark.c_str(), 0) != 0) return;
          const auto factor = detect::unit_factor(objective.unit, s.units);
          if (!factor) {
            throw InputError(fmt::format("{}: '{}' does not convert to {}, the units of measure {}",
                                         objective.origin, objective.unit, s.units, s.measure));
          }
          std::size_t count = options.window > 0 ? options.window + 1 : s.values.size();
          count = std::min({count, s.values.size(), max_margin_reports});
          std::vector<double> period;
          for (std::size_t k = s.values.size() - count; k < s.values.size(); ++k) {
            period.push_back(margin(objective, s.values[k] / *factor));
          }
          const auto trend = model::shrinking_margin(period);
          if (!trend) return;
          const std::string name = s.benchmark + (s.params == "{}" ? "" : " " + s.params);
          const std::string left =
              trend->reports_left ? fmt::format("~{:.0f} reports", *trend->reports_left) : "gone";
          // Gone first, then the fewest reports left.
          margins.push_back(
              {trend->reports_left ? 1 / (1 + *trend->reports_left) : 2 - trend->latest,
               {{"benchmark", s.benchmark},
                {"params", nlohmann::ordered_json::parse(s.params)},
                {"testbed", s.testbed},
                {"branch", s.branch},
                {"objective", text},
                {"origin", objective.origin},
                {"reports", count},
                {"latest_margin", period.back()},
                {"trend_first", trend->first},
                {"trend_latest", trend->latest},
                {"change_per_report", trend->per_report},
                {"reports_left", trend->reports_left ? nlohmann::ordered_json(*trend->reports_left)
                                                     : nlohmann::ordered_json()}},
               {name, s.testbed, text,
                fmt::format("{:+.0f}% -> {:+.0f}% over {} reports", 100 * trend->first,
                            100 * trend->latest, count),
                fmt::format("{:+.0f}%", 100 * period.back()), left}});
        });
  }
  for (const auto& input : matrices) {
    const bool is_time =
        input.units == "ns" || input.units == "ms" || input.units == "us" || input.units == "s";
    for (const auto& s : input.histories) {
      const std::string name = series_name(s, input.parameter);
      if (const auto spread = model::robust_spread(s.values)) {
        const std::string advice = model::noise_advice(*spread, s.values.size(), is_time);
        noisy.push_back(
            {*spread,
             {{"benchmark", name},
              {"testbed", s.testbed},
              {"measure", input.measure},
              {"spread", *spread},
              {"values", s.values.size()},
              {"advice", advice}},
             {name, s.testbed, input.measure, fmt::format("{:.1f}%", 100 * *spread), advice}});
      }
      if (const auto move = model::latest_move(s.values, options.window)) {
        movers.push_back(
            {std::abs(std::log1p(move->change)),
             {{"benchmark", name},
              {"testbed", s.testbed},
              {"measure", input.measure},
              {"before", move->before},
              {"latest", move->after},
              {"change", move->change},
              {"latest_started", s.started.back()}},
             {name, s.testbed, input.measure, fmt::format("{:+.1f}%", 100 * move->change),
              humanise(move->before, input.units) + " -> " + humanise(move->after, input.units)}});
      }
    }
    if (!input.parameter.empty()) {
      // One benchmark and set of other parameters, its exponent on each testbed.
      std::map<std::pair<std::string, std::string>,
               std::map<std::string, std::pair<std::vector<double>, std::vector<double>>>>
          curves;
      for (const auto& o : input.observations) {
        auto& [x, y] = curves[{o.benchmark, o.group}][o.testbed];
        x.push_back(o.x);
        y.push_back(input.direction == Direction::higher_is_better ? 1 / o.value : o.value);
      }
      for (const auto& [key, testbeds] : curves) {
        std::vector<double> exponents;
        std::vector<std::string> names;
        for (const auto& [testbed, xy] : testbeds) {
          if (const auto fit = model::fit_extrap(xy.first, xy.second, 0)) {
            exponents.push_back(fit->i);
            names.push_back(testbed);
          }
        }
        for (const auto& a : model::scaling_anomalies(exponents)) {
          const std::string name = key.first + (key.second.empty() ? "" : " " + key.second);
          anomalies.push_back(
              {std::abs(a.exponent - a.typical),
               {{"benchmark", name},
                {"testbed", names[a.index]},
                {"measure", input.measure},
                {"parameter", input.parameter},
                {"exponent", a.exponent},
                {"typical_exponent", a.typical}},
               {name, names[a.index], input.measure,
                fmt::format("n^{:.2g} along {} where the other testbeds show n^{:.2g}", a.exponent,
                            input.parameter, a.typical)}});
        }
      }
    }
    const model::Matrix matrix(input.observations);
    const model::Predictor predictor(matrix);
    for (const auto& [target, row, p] :
         model::least_sure(model::predict_untested(matrix, predictor), options.top)) {
      const std::string name = model::describe_row(target, input.parameter);
      next.push_back({p.high / p.low,
                      {{"benchmark", name},
                       {"testbed", target.testbed},
                       {"measure", input.measure},
                       {"predicted", p.value},
                       {"low", p.low},
                       {"high", p.high}},
                      {name, target.testbed, input.measure,
                       fmt::format("{} [{} .. {}]", humanise(p.value, input.units),
                                   humanise(p.low, input.units), humanise(p.high, input.units))}});
    }
  }
  auto larger = [](const Item& a, const Item& b) { return a.key > b.key; };
  keep_top(noisy, options.top, larger);
  keep_top(movers, options.top, larger);
  keep_top(anomalies, options.top, larger);
  keep_top(next, options.top, larger);
  keep_top(margins, options.top, larger);
  const std::pair<const char*, std::vector<Item>*> sections[] = {{"noisiest", &noisy},
                                                                 {"movers", &movers},
                                                                 {"scaling_anomalies", &anomalies},
                                                                 {"slo_margins", &margins},
                                                                 {"run_next", &next}};
  for (const auto& [key, items] : sections) {
    for (const auto& item : *items) json[key].push_back(item.json);
  }
  if (options.format == "json") {
    std::cout << json.dump(2) << "\n";
    return 0;
  }
  auto section = [](const std::string& title, const std::vector<std::string>& columns,
                    const std::vector<Item>& items) {
    std::cout << title << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& item : items) rows.push_back(item.row);
    if (rows.empty()) {
      std::cout << "  none\n\n";
      return;
    }
    print_table(columns, rows, {});
    std::cout << "\n";
  };
  section("Noisiest series (robust spread: 1.4826 MAD / median)",
          {"benchmark", "testbed", "measure", "spread", "advice"}, noisy);
  section("Biggest movers (latest value against the median before it)",
          {"benchmark", "testbed", "measure", "change", "before -> latest"}, movers);
  section("Scaling anomalies (Extra-P exponent unlike the benchmark's other testbeds)",
          {"benchmark", "testbed", "measure", "scaling"}, anomalies);
  section("Shrinking SLO margins (Theil-Sen trend of the margin; reports left at that pace)",
          {"benchmark", "testbed", "objective", "margin trend", "latest", "left"}, margins);
  section("Run next: untested cells whose prediction is least sure",
          {"benchmark", "testbed", "measure", "predicted [90% interval]"}, next);
  return 0;
}

}  // namespace

Command add_insights_command(CLI::App& app, const GlobalOptions& global) {
  auto options = std::make_shared<InsightsOptions>();
  auto* parser = app.add_subcommand(
      "insights",
      "What in the history deserves attention: the noisiest series with what would help, the "
      "biggest movers of the latest report, testbeds that scale unlike the others, the SLOs whose "
      "margin shrinks, and the "
      "untested configurations whose prediction is least sure (the most useful to run next)");
  add_model_filter_options(*parser, options->filter);
  parser->add_option("--top", options->top, "Items per section")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  parser
      ->add_option("--window", options->window,
                   "Movers: compare the latest value with the median of this many before it; "
                   "SLO margins: the trend over the latest value and this many before it (0: "
                   "all, at most 200)")
      ->capture_default_str();
  parser->add_option("--config", options->config,
                     "perfwatch.toml whose [[slo]] tables the margins are judged against "
                     "(default: ./perfwatch.toml when there is one)");
  parser->add_option("--format", options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  return {parser, [options, &global] { return run_insights(*options, global); }};
}

}  // namespace perfwatch::cli
