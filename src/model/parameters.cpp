#include "model/parameters.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace perfwatch::model {

std::optional<double> positive_number(const nlohmann::json& value) {
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!(number > 0) || !std::isfinite(number)) return std::nullopt;
  return number;
}

std::string choose_parameter(const std::vector<nlohmann::json>& params) {
  std::map<std::string, std::set<double>> values;
  for (const auto& object : params) {
    if (!object.is_object()) continue;
    for (const auto& [name, value] : object.items()) {
      if (const auto number = positive_number(value)) values[name].insert(*number);
    }
  }
  std::string best;
  std::size_t most = 1;  // a parameter with a single value models nothing
  for (const auto& [name, distinct] : values) {
    if (distinct.size() > most) {
      most = distinct.size();
      best = name;
    }
  }
  return best;
}

std::optional<SplitParams> split_params(const nlohmann::json& params,
                                        const std::string& parameter) {
  nlohmann::json group = params.is_object() ? params : nlohmann::json::object();
  SplitParams split;
  if (!parameter.empty()) {
    const auto found = group.find(parameter);
    if (found == group.end()) return std::nullopt;
    const auto x = positive_number(*found);
    if (!x) return std::nullopt;
    split.x = *x;
    group.erase(parameter);
  }
  split.group = group.empty() ? "" : group.dump();
  return split;
}

}  // namespace perfwatch::model
