#include "core/measure.hpp"

namespace perfwatch {

std::string_view to_string(Direction direction) {
  switch (direction) {
    case Direction::lower_is_better:
      return "lower_is_better";
    case Direction::higher_is_better:
      return "higher_is_better";
    case Direction::unknown:
      break;
  }
  return "unknown";
}

std::optional<Direction> parse_direction(std::string_view text) {
  if (text == "lower" || text == "lower_is_better") return Direction::lower_is_better;
  if (text == "higher" || text == "higher_is_better") return Direction::higher_is_better;
  if (text == "unknown") return Direction::unknown;
  return std::nullopt;
}

std::optional<double> nanoseconds_per(std::string_view time_unit) {
  if (time_unit == "ps") return 1e-3;
  if (time_unit == "ns") return 1.0;
  // Both spellings of micro: U+00B5 (micro sign) and U+03BC (Greek mu).
  if (time_unit == "us" || time_unit == "\u00b5s" || time_unit == "\u03bcs") return 1e3;
  if (time_unit == "ms") return 1e6;
  if (time_unit == "s") return 1e9;
  return std::nullopt;
}

}  // namespace perfwatch
