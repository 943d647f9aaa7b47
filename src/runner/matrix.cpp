#include "runner/matrix.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>
#include <set>

#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

bool matches(const nlohmann::json& combination, const nlohmann::json& rule) {
  for (const auto& [key, value] : rule.items()) {
    if (!combination.contains(key) || combination[key] != value) return false;
  }
  return true;
}

// Replaces {name} by the parameter's text.
std::string substitute(const std::string& text, const nlohmann::json& params,
                       const BenchmarkSpec& spec) {
  std::string out;
  for (std::size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (c != '{') {
      out += c;
      continue;
    }
    const auto close = text.find('}', index);
    if (close == std::string::npos) {
      out += c;
      continue;
    }
    const std::string name = text.substr(index + 1, close - index - 1);
    // Only {identifier} is a placeholder: JSON or shell braces in a command stay as written.
    const bool identifier =
        !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
        std::all_of(name.begin(), name.end(), [](char letter) {
          return std::isalnum(static_cast<unsigned char>(letter)) || letter == '_';
        });
    if (!identifier) {
      out += c;
      continue;
    }
    if (!params.contains(name)) {
      throw InputError(spec.origin + ": benchmark '" + spec.name + "' uses {" + name +
                       "}, which is not one of its matrix parameters");
    }
    out += param_text(params[name]);
    index = close;
  }
  return out;
}

CommandSpec substitute(const CommandSpec& command, const nlohmann::json& params,
                       const BenchmarkSpec& spec) {
  CommandSpec out = command;
  for (auto& word : out.argv) word = substitute(word, params, spec);
  return out;
}

std::string environment_name(const std::string& param) {
  std::string name = "PERFWATCH_PARAM_";
  for (const char c : param) {
    name += std::isalnum(static_cast<unsigned char>(c))
                ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                : '_';
  }
  return name;
}

}  // namespace

std::string param_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::vector<nlohmann::json> expand_matrix(const BenchmarkSpec& spec) {
  std::vector<nlohmann::json> combinations = {nlohmann::json::object()};
  for (const auto& [key, values] : spec.matrix.items()) {
    std::vector<nlohmann::json> next;
    for (const auto& combination : combinations) {
      for (const auto& value : values) {
        auto extended = combination;
        extended[key] = value;
        next.push_back(std::move(extended));
      }
    }
    combinations = std::move(next);
  }
  std::erase_if(combinations, [&](const nlohmann::json& combination) {
    return std::any_of(spec.exclude.begin(), spec.exclude.end(),
                       [&](const auto& rule) { return matches(combination, rule); });
  });
  // An empty matrix with include entries: the includes are the combinations.
  if (spec.matrix.empty() && !spec.include.empty()) combinations.clear();
  const std::size_t original = combinations.size();
  for (const auto& rule : spec.include) {
    auto own = nlohmann::json::object();
    auto extra = nlohmann::json::object();
    for (const auto& [key, value] : rule.items()) {
      (spec.matrix.contains(key) ? own : extra)[key] = value;
    }
    bool matched = false;
    for (std::size_t index = 0; index < original; ++index) {
      if (!matches(combinations[index], own)) continue;
      matched = true;
      for (const auto& [key, value] : extra.items()) combinations[index][key] = value;
    }
    if (!matched &&
        std::find(combinations.begin(), combinations.end(), rule) == combinations.end()) {
      combinations.push_back(rule);
    }
  }
  return combinations;
}

std::vector<Instance> expand_suite(const Suite& suite) {
  std::vector<Instance> instances;
  for (const auto& spec : suite.benchmarks) {
    for (const auto& params : expand_matrix(spec)) {
      Instance instance;
      instance.benchmark = spec.name;
      instance.params = params;
      instance.spec = spec;
      instance.id = spec.name;
      for (const auto& [key, value] : params.items())
        instance.id += "/" + key + "=" + param_text(value);
      instance.command = substitute(spec.command, params, spec);
      if (spec.setup) instance.setup = substitute(*spec.setup, params, spec);
      if (spec.teardown) instance.teardown = substitute(*spec.teardown, params, spec);
      const std::filesystem::path cwd = substitute(spec.cwd, params, spec);
      instance.cwd = cwd.empty() ? suite.directory : (suite.directory / cwd).lexically_normal();
      instance.env = suite.env;
      for (const auto& [name, value] : spec.env)
        instance.env[name] = substitute(value, params, spec);
      for (const auto& [key, value] : params.items()) {
        instance.env[environment_name(key)] = param_text(value);
      }
      instance.output = substitute(spec.output, params, spec);
      instances.push_back(std::move(instance));
    }
  }
  return instances;
}

std::pair<int, int> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  int index = 0;
  int count = 0;
  const auto parse = [](std::string_view part, int& value) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    return error == std::errc() && end == part.data() + part.size() && !part.empty();
  };
  if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), index) ||
      !parse(std::string_view(text).substr(slash + 1), count) || count < 1 || index < 1 ||
      index > count) {
    throw InputError("--shard: '" + text + "' is not K/N with 1 <= K <= N, e.g. 2/4");
  }
  return {index, count};
}

std::pair<std::string, std::vector<std::string>> parse_param_filter(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw InputError("--param: '" + text + "' is not NAME=VALUE[,VALUE...], e.g. batch_size=1,8");
  }
  std::vector<std::string> values;
  std::size_t start = equals + 1;
  while (true) {
    const auto comma = text.find(',', start);
    values.push_back(
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {text.substr(0, equals), values};
}

std::vector<Instance> select_instances(const std::vector<Instance>& instances,
                                       const Selection& selection) {
  std::optional<std::regex> filter;
  if (!selection.filter.empty()) {
    try {
      filter.emplace(selection.filter, std::regex::ECMAScript);
    } catch (const std::regex_error& error) {
      throw InputError("--filter: '" + selection.filter +
                       "' is not a valid regex: " + error.what());
    }
  }
  for (const auto& [name, values] : selection.params) {
    const bool known = std::any_of(instances.begin(), instances.end(),
                                   [&](const Instance& i) { return i.params.contains(name); });
    if (!known)
      throw InputError("--param: no benchmark of the suite has a parameter '" + name + "'");
  }
  std::vector<Instance> chosen;
  for (const auto& instance : instances) {
    if (instance.spec.profile > selection.profile) continue;
    if (filter && !std::regex_search(instance.id, *filter)) continue;
    bool wanted = true;
    for (const auto& [name, values] : selection.params) {
      if (!instance.params.contains(name)) continue;
      const auto text = param_text(instance.params[name]);
      if (std::find(values.begin(), values.end(), text) == values.end()) wanted = false;
    }
    if (wanted) chosen.push_back(instance);
  }
  std::vector<Instance> shard;
  for (std::size_t index = 0; index < chosen.size(); ++index) {
    if (static_cast<int>(index % static_cast<std::size_t>(selection.shard_count)) ==
        selection.shard_index - 1) {
      shard.push_back(std::move(chosen[index]));
    }
  }
  return shard;
}

}  // namespace perfwatch::runner
