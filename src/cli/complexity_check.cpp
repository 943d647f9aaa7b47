#include "cli/complexity_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "store/check_history.hpp"
#include "store/series.hpp"

namespace perfwatch::cli {

namespace {

// One series' value in the checked report and the latest before it on the reference branch.
struct Pair {
  nlohmann::json params;
  double before = 0, after = 0;
};

// The time-like cost a complexity is fitted to: the value itself, or 1/value for a measure
// where higher is better (throughput).
double cost(double value, Direction direction) {
  return direction == Direction::higher_is_better ? 1 / value : value;
}

// The numeric parameter with the most distinct positive values among `pairs` (four at least).
std::string size_parameter(const std::vector<Pair>& pairs) {
  std::map<std::string, std::set<double>> values;
  for (const auto& p : pairs) {
    for (const auto& [name, value] : p.params.items()) {
      if (value.is_number() && value.get<double>() > 0) values[name].insert(value.get<double>());
    }
  }
  std::string best;
  std::size_t most = 3;
  for (const auto& [name, distinct] : values) {
    if (distinct.size() > most) {
      most = distinct.size();
      best = name;
    }
  }
  return best;
}

std::string exponent_interval(const model::ExtraPModel& fit) {
  return fmt::format("[{:.3g}, {:.3g}]", fit.i_interval->low, fit.i_interval->high);
}

}  // namespace

std::string ComplexityFinding::describe() const {
  return fmt::format("{}{} {}: n^{:.3g} -> n^{:.3g} along {} (95% intervals {} -> {}){}", benchmark,
                     params == "{}" ? "" : " " + params, measure, change.before.i, change.after.i,
                     parameter, exponent_interval(change.before), exponent_interval(change.after),
                     change.change == model::ExponentChange::rose ? " COMPLEXITY ROSE" : "");
}

std::vector<ComplexityFinding> complexity_changes(db::Session& session,
                                                  const detect::CheckResult& result) {
  // The checked report's values; the history is read only when some benchmark has a size
  // parameter at four values or more (most reports have none, and check stays as fast).
  std::map<std::tuple<std::string, std::string, std::string>, double> now;
  std::map<std::pair<std::string, std::string>, std::vector<Pair>> own;
  for (const auto& v : result.verdicts) {
    if (!(v.value > 0)) continue;
    now[{v.benchmark, v.measure, v.params}] = cost(v.value, v.direction);
    own[{v.benchmark, v.measure}].push_back({nlohmann::json::parse(v.params), 0, 0});
  }
  if (std::none_of(own.begin(), own.end(),
                   [](const auto& entry) { return !size_parameter(entry.second).empty(); })) {
    return {};
  }
  const std::string started = store::load_checked_report(session, result.report_id).started;
  // By (benchmark, measure): each series of the report with its latest earlier value on the
  // reference branch.
  std::map<std::pair<std::string, std::string>, std::vector<Pair>> pairs;
  store::for_each_series(
      session, {result.project, result.history_branch, result.testbed, ""}, "", "",
      [&](const store::StoredSeries& s) {
        const auto found = now.find({s.benchmark, s.measure, s.params});
        if (found == now.end()) return;
        for (std::size_t k = s.values.size(); k-- > 0;) {
          if (s.reports[k] == result.report_id || s.started[k] >= started || !(s.values[k] > 0)) {
            continue;
          }
          pairs[{s.benchmark, s.measure}].push_back(
              {nlohmann::json::parse(s.params), cost(s.values[k], s.direction), found->second});
          break;
        }
      });
  std::vector<ComplexityFinding> findings;
  for (const auto& [key, list] : pairs) {
    const std::string parameter = size_parameter(list);
    if (parameter.empty()) continue;
    // The other parameters make separate curves.
    std::map<std::string, std::array<std::vector<double>, 3>> curves;  // n, before, after
    for (const auto& p : list) {
      const auto size = p.params.find(parameter);
      if (size == p.params.end() || !size->is_number() || size->get<double>() <= 0) continue;
      nlohmann::json others = p.params;
      others.erase(parameter);
      auto& curve = curves[others.dump()];
      curve[0].push_back(size->get<double>());
      curve[1].push_back(p.before);
      curve[2].push_back(p.after);
    }
    for (const auto& [others, curve] : curves) {
      if (auto change = model::compare_complexity(curve[0], curve[1], curve[0], curve[2])) {
        findings.push_back({key.first, others, key.second, parameter, *change});
      }
    }
  }
  return findings;
}

bool complexity_rose(const std::vector<ComplexityFinding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const ComplexityFinding& f) {
    return f.change.change == model::ExponentChange::rose;
  });
}

nlohmann::ordered_json complexity_json(const std::vector<ComplexityFinding>& findings) {
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const auto& f : findings) {
    const auto fit = [](const model::ExtraPModel& m) {
      return nlohmann::ordered_json{{"formula", m.formula()},
                                    {"exponent", m.i},
                                    {"log_exponent", m.j},
                                    {"exponent_low", m.i_interval->low},
                                    {"exponent_high", m.i_interval->high}};
    };
    json.push_back({{"benchmark", f.benchmark},
                    {"params", nlohmann::ordered_json::parse(f.params)},
                    {"measure", f.measure},
                    {"parameter", f.parameter},
                    {"change", f.change.change == model::ExponentChange::rose ? "rose" : "fell"},
                    {"before", fit(f.change.before)},
                    {"after", fit(f.change.after)}});
  }
  return json;
}

void print_complexity(const std::vector<ComplexityFinding>& findings, std::ostream& out) {
  if (findings.empty()) return;
  out << "\ncomplexity changes (Extra-P exponent along a size parameter, against the "
         "latest earlier values):\n";
  for (const auto& f : findings) out << "  " << f.describe() << "\n";
}

}  // namespace perfwatch::cli
