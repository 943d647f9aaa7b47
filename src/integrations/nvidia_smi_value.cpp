#include "integrations/nvidia_smi_value.hpp"

#include <charconv>

namespace perfwatch::nvidia_smi {

std::string known(std::string_view value) {
  const auto first = value.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  value = value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
  std::string_view bare = value;
  if (bare.size() >= 2 && bare.front() == '[' && bare.back() == ']') {
    bare = bare.substr(1, bare.size() - 2);
  }
  if (bare == "N/A" || bare == "Not Supported" || bare == "Unknown Error" ||
      bare == "Insufficient Permissions") {
    return {};
  }
  return std::string(value);
}

std::optional<double> number(std::string_view value) {
  const std::string text = known(value);
  double result = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (error != std::errc() || end == text.data()) return std::nullopt;
  return result;
}

std::optional<bool> enabled(std::string_view value) {
  const std::string text = known(value);
  if (text == "Enabled") return true;
  if (text == "Disabled") return false;
  return std::nullopt;
}

}  // namespace perfwatch::nvidia_smi
