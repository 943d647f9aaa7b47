#include "core/format.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace perfwatch {
namespace {

// value with three significant digits (more when it has more integer digits).
std::string significant(double value) {
  if (value == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  const int decimals = std::max(0, 2 - magnitude);
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  // Rounding can add a digit (9.996 -> "10.00"): print again with one decimal fewer.
  if (decimals > 0 && std::fabs(std::stod(text)) >= std::pow(10.0, magnitude + 1)) {
    std::snprintf(text, sizeof text, "%.*f", decimals - 1, value);
  }
  return text;
}

struct Scale {
  double factor;  // how many of the base unit one of this unit is
  std::string_view prefix;
};

constexpr std::array time_scales = {Scale{1, "ns"}, Scale{1e3, "µs"}, Scale{1e6, "ms"},
                                    Scale{1e9, "s"}};
constexpr std::array binary_scales = {
    Scale{1, "B"}, Scale{1024.0, "KiB"}, Scale{1024.0 * 1024, "MiB"},
    Scale{1024.0 * 1024 * 1024, "GiB"}, Scale{1024.0 * 1024 * 1024 * 1024, "TiB"}};
constexpr std::array decimal_scales = {Scale{1, ""}, Scale{1e3, "k"}, Scale{1e6, "M"},
                                       Scale{1e9, "G"}, Scale{1e12, "T"}};

// The largest scale that leaves at least 1 of it, so that 1023 B stays bytes and 1024 B is
// 1.00 KiB; then one more when rounding to three digits reaches the next (999.95 µs -> 1.00 ms).
template <std::size_t N>
const Scale& pick(const std::array<Scale, N>& scales, double magnitude, double next_at) {
  std::size_t index = 0;
  while (index + 1 < N && magnitude >= scales[index + 1].factor) ++index;
  if (index + 1 < N && std::stod(significant(magnitude / scales[index].factor)) >= next_at) {
    ++index;
  }
  return scales[index];
}

template <std::size_t N>
std::string scaled(double value, const std::array<Scale, N>& scales, std::string_view suffix,
                   std::string_view separator, double next_at) {
  if (!std::isfinite(value) || value == 0) {
    return three_digits(value) + std::string(separator) + std::string(scales[0].prefix) +
           std::string(suffix);
  }
  const auto& scale = pick(scales, std::fabs(value), next_at);
  // A scaled value always shows three digits ("2.00 KiB"); an unscaled integer shows none.
  const auto number =
      &scale == &scales[0] ? three_digits(value) : significant(value / scale.factor);
  return number + std::string(separator) + std::string(scale.prefix) + std::string(suffix);
}

}  // namespace

std::string three_digits(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  return significant(value);
}

std::string humanise(double value, std::string_view units) {
  if (units == "ns") return scaled(value, time_scales, "", " ", 1000);
  if (units == "bytes") return scaled(value, binary_scales, "", " ", 1024);
  if (units == "B/op") return scaled(value, binary_scales, "/op", " ", 1024);
  if (units == "B/s") return scaled(value, binary_scales, "/s", " ", 1024);
  const std::string suffix = units.empty() ? "" : " " + std::string(units);
  return scaled(value, decimal_scales, suffix, "", 1000);
}

}  // namespace perfwatch
