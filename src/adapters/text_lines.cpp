#include "adapters/text_lines.hpp"

#include <charconv>
#include <string>

#include "core/error.hpp"

namespace perfwatch {

bool TextLines::next() {
  if (exhausted_) return false;
  if (rest_.empty()) {
    exhausted_ = true;
    return false;
  }
  const auto end = rest_.find('\n');
  line_ = rest_.substr(0, end);
  rest_ = end == std::string_view::npos ? std::string_view{} : rest_.substr(end + 1);
  if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
  ++line_number_;
  return true;
}

void TextLines::fail(std::string_view expected) const {
  throw InputError(input_.name + ": line " + std::to_string(line_number_) + ": expected " +
                   std::string(expected));
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

void split_fields(std::string_view text, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t position = 0;
  while (true) {
    const auto start = text.find_first_not_of(" \t", position);
    if (start == std::string_view::npos) return;
    const auto end = text.find_first_of(" \t", start);
    fields.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return;
    position = end;
  }
}

std::optional<double> parse_number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace perfwatch
