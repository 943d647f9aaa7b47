#include "detect/quantity.hpp"

#include <array>
#include <string>
#include <utility>

#include "core/measure.hpp"

namespace perfwatch::detect {
namespace {

// Bytes in a size unit, or empty.
std::optional<double> bytes_per(std::string_view unit) {
  static constexpr std::array<std::pair<std::string_view, double>, 9> sizes{{
      {"B", 1.0},
      {"kB", 1e3},
      {"MB", 1e6},
      {"GB", 1e9},
      {"KiB", 1024.0},
      {"MiB", 1024.0 * 1024},
      {"GiB", 1024.0 * 1024 * 1024},
      {"bytes", 1.0},
      {"TiB", 1024.0 * 1024 * 1024 * 1024},
  }};
  for (const auto& [name, factor] : sizes) {
    if (unit == name) return factor;
  }
  return std::nullopt;
}

bool strip_suffix(std::string_view& text, std::string_view suffix) {
  if (!text.ends_with(suffix)) return false;
  text.remove_suffix(suffix.size());
  return true;
}

}  // namespace

std::optional<double> unit_factor(std::string_view unit, std::string_view stored_units) {
  if (unit.empty() || unit == stored_units) return 1.0;
  if (stored_units == units::ns) {
    const auto factor = nanoseconds_per(unit);
    return factor ? factor : std::nullopt;
  }
  // Rates and per-operation units convert when both have the same "per".
  for (const std::string_view per : {"/s", "/op"}) {
    if (stored_units.ends_with(per) != unit.ends_with(per)) return std::nullopt;
    strip_suffix(stored_units, per);
    strip_suffix(unit, per);
  }
  const auto stored_bytes = bytes_per(stored_units);
  if (stored_bytes) {
    const auto given = bytes_per(unit);
    return given ? std::optional(*given / *stored_bytes) : std::nullopt;
  }
  // A counted thing (ops, items, allocs, count): an optional decimal prefix, then its name,
  // with or without a space between.
  for (const auto& [prefix, factor] :
       {std::pair{std::string_view(""), 1.0}, std::pair{std::string_view("k"), 1e3},
        std::pair{std::string_view("M"), 1e6}, std::pair{std::string_view("G"), 1e9}}) {
    if (!unit.starts_with(prefix)) continue;
    auto rest = unit.substr(prefix.size());
    if (rest.starts_with(' ')) rest.remove_prefix(1);
    if (rest == stored_units || (!prefix.empty() && rest.empty())) return factor;
  }
  return std::nullopt;
}

}  // namespace perfwatch::detect
