#include "adapters/parametrised_name.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

namespace perfwatch {
namespace {

std::vector<std::string_view> split_on_slash(std::string_view name) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto slash = name.find('/', start);
    parts.push_back(name.substr(start, slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return !(text[0] >= '0' && text[0] <= '9');
}

bool is_number(std::string_view text) { return !parameter_value(text).is_string(); }

}  // namespace

nlohmann::json parameter_value(std::string_view text) {
  const char* end = text.data() + text.size();
  int64_t integer = 0;
  auto [integer_end, integer_error] = std::from_chars(text.data(), end, integer);
  if (!text.empty() && integer_error == std::errc() && integer_end == end) return integer;
  double number = 0;
  auto [number_end, number_error] = std::from_chars(text.data(), end, number);
  if (!text.empty() && number_error == std::errc() && number_end == end && std::isfinite(number))
    return number;
  return std::string(text);
}

ParametrisedName split_google_benchmark_name(std::string_view run_name) {
  // The run options Google Benchmark appends after the arguments (benchmark_register.cc).
  constexpr std::array<std::string_view, 5> kOptions = {"min_time", "min_warmup_time", "iterations",
                                                        "repeats", "threads"};
  constexpr std::array<std::string_view, 3> kTimeModes = {"process_time", "real_time",
                                                          "manual_time"};
  const auto parts = split_on_slash(run_name);
  ParametrisedName split{std::string(parts[0])};
  std::string kept_suffix;
  int argument = 0;
  bool arguments_done = false;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto part = parts[i];
    const auto colon = part.find(':');
    const auto key = colon == std::string_view::npos ? std::string_view() : part.substr(0, colon);
    const auto value = colon == std::string_view::npos ? part : part.substr(colon + 1);
    bool is_option = false;
    for (const auto option : kOptions) is_option = is_option || key == option;
    bool is_time_mode = false;
    for (const auto mode : kTimeModes) is_time_mode = is_time_mode || part == mode;
    if (is_option) {
      arguments_done = true;
      split.params[std::string(key)] = parameter_value(value);
    } else if (is_time_mode) {
      arguments_done = true;
      kept_suffix += "/" + std::string(part);
    } else if (!arguments_done && key.empty() && is_number(part)) {
      split.params["arg" + std::to_string(argument++)] = parameter_value(part);
    } else if (!arguments_done && is_identifier(key) && !value.empty()) {
      ++argument;
      split.params[std::string(key)] = parameter_value(value);
    } else {
      kept_suffix += "/" + std::string(part);  // not a shape Google Benchmark writes
    }
  }
  split.benchmark += kept_suffix;
  return split;
}

ParametrisedName split_go_name(std::string_view name) {
  const auto parts = split_on_slash(name);
  ParametrisedName split{std::string(parts[0])};
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto equals = parts[i].find('=');
    if (equals != std::string_view::npos && equals > 0) {
      split.params[std::string(parts[i].substr(0, equals))] =
          parameter_value(parts[i].substr(equals + 1));
    } else {
      split.benchmark += "/" + std::string(parts[i]);
    }
  }
  return split;
}

ParametrisedName split_criterion_name(std::string_view full_id) {
  const auto slash = full_id.rfind('/');
  if (slash == std::string_view::npos || slash == 0 || !is_number(full_id.substr(slash + 1)))
    return {std::string(full_id)};
  ParametrisedName split{std::string(full_id.substr(0, slash))};
  split.params["param"] = parameter_value(full_id.substr(slash + 1));
  return split;
}

}  // namespace perfwatch
