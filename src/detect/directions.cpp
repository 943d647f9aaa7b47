#include "detect/directions.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace perfwatch::detect {

void DeclaredDirections::declare(const std::string& measure, std::string_view direction,
                                 const std::string& where) {
  const auto parsed = parse_direction(direction);
  if (!parsed || *parsed == Direction::unknown) {
    throw InputError(
        fmt::format("{}: direction of measure '{}' must be \"lower\" or \"higher\" "
                    "(which is better), not '{}'",
                    where, measure, direction));
  }
  const auto [found, added] = declared_.emplace(measure, Declaration{*parsed, where});
  if (!added && found->second.direction != *parsed) {
    throw InputError(fmt::format("{}: measure '{}' is declared {} here and {} at {}", where,
                                 measure, to_string(*parsed), to_string(found->second.direction),
                                 found->second.where));
  }
}

void DeclaredDirections::declare_flag(std::string_view spec, std::string_view flag) {
  const auto equals = spec.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    throw InputError(fmt::format("{} {}: expected MEASURE=lower or MEASURE=higher", flag, spec));
  }
  declare(std::string(spec.substr(0, equals)), spec.substr(equals + 1),
          fmt::format("{} {}", flag, spec));
}

Direction DeclaredDirections::direction_of(std::string_view measure, Direction stated) const {
  const auto found = declared_.find(measure);
  return found == declared_.end() ? stated : found->second.direction;
}

std::string undeclared_directions_note(const std::vector<std::string>& measures) {
  std::vector<std::string> distinct;
  for (const auto& measure : measures) {
    if (std::find(distinct.begin(), distinct.end(), measure) == distinct.end()) {
      distinct.push_back(measure);
    }
  }
  if (distinct.empty()) return {};
  return fmt::format(
      "not judged, their harness does not say which way is better: {}; declare each in "
      "perfwatch.toml ([[measure]] name = \"{}\" direction = \"higher\" or \"lower\") or with "
      "--direction {}=higher",
      fmt::join(distinct, ", "), distinct.front(), distinct.front());
}

}  // namespace perfwatch::detect
