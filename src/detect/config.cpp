#include "detect/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace perfwatch::detect {
namespace {

std::string position(const std::filesystem::path& path, const toml::source_region& source) {
  return fmt::format("{}: line {}, column {}", path.string(), source.begin.line,
                     source.begin.column);
}

// Reads the tables of one array (`[[name]]`), handing each key to `read_key`, which returns
// false for a key it does not know.
template <typename ReadKey>
void for_each_table(const toml::table& document, std::string_view name,
                    const std::filesystem::path& path, ReadKey read_key) {
  const auto* node = document.get(name);
  if (!node) return;
  const auto* array = node->as_array();
  if (!array)
    throw InputError(position(path, node->source()) + ": " + std::string(name) +
                     " must be an array of tables ([[" + std::string(name) + "]])");
  for (const auto& element : *array) {
    const auto* table = element.as_table();
    if (!table) {
      throw InputError(position(path, element.source()) + ": [[" + std::string(name) +
                       "]] entries must be tables");
    }
    read_key.begin(*table, position(path, table->source()));
    for (const auto& [key, value] : *table) {
      const auto where = position(path, value.source());
      if (!read_key(key.str(), value, where)) {
        throw InputError(where + ": unknown key '" + std::string(key.str()) + "' in [[" +
                         std::string(name) + "]]");
      }
    }
    read_key.end();
  }
}

std::string text(const toml::node& value, std::string_view key, const std::string& where) {
  if (const auto* string = value.as_string()) return string->get();
  throw InputError(where + ": " + std::string(key) + " must be a string");
}

double number(const toml::node& value, std::string_view key, const std::string& where) {
  if (const auto* real = value.as_floating_point()) return real->get();
  if (const auto* integer = value.as_integer()) return static_cast<double>(integer->get());
  throw InputError(where + ": " + std::string(key) + " must be a number");
}

int64_t whole(const toml::node& value, std::string_view key, const std::string& where) {
  if (const auto* integer = value.as_integer()) return integer->get();
  throw InputError(where + ": " + std::string(key) + " must be a whole number");
}

struct ThresholdReader {
  std::vector<Threshold>& out;
  Threshold current;
  std::string where;

  void begin(const toml::table&, const std::string& position) {
    current = Threshold{};
    current.origin = position;
    where = position;
  }
  bool operator()(std::string_view key, const toml::node& value, const std::string& at) {
    if (key == "branch")
      current.branch = text(value, key, at);
    else if (key == "testbed")
      current.testbed = text(value, key, at);
    else if (key == "measure")
      current.measure = text(value, key, at);
    else if (key == "test")
      current.test = text(value, key, at);
    else if (key == "lower")
      current.lower_boundary = number(value, key, at);
    else if (key == "upper")
      current.upper_boundary = number(value, key, at);
    else if (key == "window")
      current.window_reports = whole(value, key, at);
    else if (key == "min_samples")
      current.min_sample_size = whole(value, key, at);
    else if (key == "min_change")
      current.min_change = number(value, key, at);
    else if (key == "window_days") {
      const double days = number(value, key, at);
      if (!(days > 0)) throw InputError(at + ": window_days must be positive");
      current.window_seconds = static_cast<int64_t>(std::llround(days * 86400));
    } else {
      return false;
    }
    return true;
  }
  void end() {
    validate_threshold(current, where);
    out.push_back(current);
  }
};

struct ObjectiveReader {
  std::vector<ServiceLevelObjective>& out;
  std::string benchmark, objective, where, objective_at;

  void begin(const toml::table&, const std::string& position) {
    benchmark = "*";
    objective.clear();
    where = position;
  }
  bool operator()(std::string_view key, const toml::node& value, const std::string& at) {
    if (key == "benchmark") {
      benchmark = text(value, key, at);
    } else if (key == "objective") {
      objective = text(value, key, at);
      objective_at = at;
    } else {
      return false;
    }
    return true;
  }
  void end() {
    if (objective.empty()) throw InputError(where + ": [[slo]] needs an objective");
    auto parsed = parse_objective(objective, objective_at);
    parsed.benchmark = benchmark;
    out.push_back(std::move(parsed));
  }
};

// [[measure]] name = "cmp_rate" direction = "higher": a direction the harness does not state.
struct MeasureReader {
  DeclaredDirections& out;
  std::string name, direction, where, direction_at;

  void begin(const toml::table&, const std::string& position) {
    name.clear();
    direction.clear();
    where = position;
  }
  bool operator()(std::string_view key, const toml::node& value, const std::string& at) {
    if (key == "name") {
      name = text(value, key, at);
    } else if (key == "direction") {
      direction = text(value, key, at);
      direction_at = at;
    } else {
      return false;
    }
    return true;
  }
  void end() {
    if (name.empty()) throw InputError(where + ": [[measure]] needs a name");
    if (direction.empty()) {
      throw InputError(where + ": [[measure]] '" + name +
                       "' needs a direction (\"lower\" or \"higher\")");
    }
    out.declare(name, direction, direction_at);
  }
};

}  // namespace

ServiceLevelObjective parse_objective(std::string_view text, const std::string& where) {
  const auto fail = [&] {
    return InputError(where + ": objective '" + std::string(text) +
                      "' should read MEASURE >= NUMBER [UNIT] or MEASURE <= NUMBER [UNIT]");
  };
  ServiceLevelObjective objective;
  objective.origin = where;
  const auto operator_at = text.find_first_of("<>");
  if (operator_at == std::string_view::npos || operator_at + 1 >= text.size() ||
      text[operator_at + 1] != '=') {
    throw fail();
  }
  const auto trim = [](std::string_view part) {
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    return part;
  };
  objective.measure = trim(text.substr(0, operator_at));
  objective.at_least = text[operator_at] == '>';
  const auto rest = trim(text.substr(operator_at + 2));
  const auto [end, error] =
      std::from_chars(rest.data(), rest.data() + rest.size(), objective.limit);
  if (objective.measure.empty() || error != std::errc() || !std::isfinite(objective.limit)) {
    throw fail();
  }
  objective.unit = trim(rest.substr(static_cast<std::size_t>(end - rest.data())));
  return objective;
}

namespace {

DetectionConfig config_of(const toml::table& document, const std::filesystem::path& path) {
  DetectionConfig config;
  for_each_table(document, "threshold", path, ThresholdReader{config.thresholds, {}, {}});
  for_each_table(document, "slo", path, ObjectiveReader{config.objectives, {}, {}, {}, {}});
  for_each_table(document, "measure", path, MeasureReader{config.directions, {}, {}, {}, {}});
  return config;
}

}  // namespace

DetectionConfig read_detection_config(const std::filesystem::path& path) {
  try {
    return config_of(toml::parse_file(path.string()), path);
  } catch (const toml::parse_error& error) {
    throw InputError(position(path, error.source()) + ": " + std::string(error.description()));
  }
}

DetectionConfig parse_detection_config(std::string_view text, const std::filesystem::path& path) {
  try {
    return config_of(toml::parse(text, path.string()), path);
  } catch (const toml::parse_error& error) {
    throw InputError(position(path, error.source()) + ": " + std::string(error.description()));
  }
}

}  // namespace perfwatch::detect
