#include "report/parameter_table.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>

#include "core/format.hpp"

namespace perfwatch::report {
namespace {

// A parameter's value as a number: a JSON number, or text that is one ("32", as hyperfine
// writes its parameters).
std::optional<double> numeric(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (!value.is_string()) return std::nullopt;
  const auto& text = value.get_ref<const std::string&>();
  double number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(number))
    return std::nullopt;
  return number;
}

std::string params_text(const nlohmann::json& params) {
  std::string text;
  for (const auto& [key, value] : params.items()) {
    if (!text.empty()) text += ' ';
    text += key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return text;
}

std::string cell(std::string text) {
  std::string out;
  for (const char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

struct Line {
  std::string units;
  std::map<double, double> by_x;
};
// (benchmark, measure, other params) -> values by parameter value.
using Lines = std::map<std::tuple<std::string, std::string, std::string>, Line>;

}  // namespace

std::string parameter_tables(const std::vector<const SummaryRow*>& rows) {
  std::map<std::string, Lines> by_parameter;
  for (const auto* row : rows) {
    const auto& verdict = row->verdict;
    const auto params = nlohmann::json::parse(verdict.params.empty() ? "{}" : verdict.params,
                                              nullptr, /*allow_exceptions=*/false);
    if (!params.is_object()) continue;
    for (const auto& [key, value] : params.items()) {
      const auto x = numeric(value);
      if (!x) continue;
      auto others = params;
      others.erase(key);
      auto& line = by_parameter[key][{verdict.benchmark, verdict.measure, params_text(others)}];
      line.units = verdict.units;
      line.by_x[*x] = verdict.value;
    }
  }
  std::string out;
  for (const auto& [key, lines] : by_parameter) {
    std::set<double> xs;
    std::size_t kept = 0;
    for (const auto& [id, line] : lines) {
      if (line.by_x.size() < 2) continue;  // one value is no curve
      ++kept;
      for (const auto& [x, value] : line.by_x) xs.insert(x);
    }
    if (kept == 0) continue;
    out += fmt::format("**By `{}`**\n\n| Benchmark | Measure | Other params |", cell(key));
    for (const double x : xs) out += fmt::format(" {}={} |", cell(key), x);
    out += "\n|---|---|---|";
    for (std::size_t i = 0; i < xs.size(); ++i) out += "--:|";
    out += '\n';
    for (const auto& [id, line] : lines) {
      if (line.by_x.size() < 2) continue;
      const auto& [benchmark, measure, others] = id;
      out += fmt::format("| `{}` | {} | {} |", cell(benchmark), cell(measure), cell(others));
      for (const double x : xs) {
        const auto found = line.by_x.find(x);
        out += found == line.by_x.end() ? " – |" : " " + humanise(found->second, line.units) + " |";
      }
      out += '\n';
    }
    out += '\n';
  }
  return out;
}

}  // namespace perfwatch::report
