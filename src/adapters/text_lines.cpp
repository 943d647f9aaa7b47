#include "adapters/text_lines.hpp"

#include <simdjson.h>

#include <charconv>
#include <cstdio>
#include <string>

#include "core/error.hpp"

namespace perfwatch {
namespace {

// The offset of the first byte of text that does not belong to a well-formed UTF-8 sequence,
// after the table of well-formed sequences in RFC 3629, section 4 (no overlong forms, no
// surrogates, nothing past U+10FFFF).
std::size_t first_invalid_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + 1 >= text.size() || byte(i + 1) < low || byte(i + 1) > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (i + k >= text.size() || byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += length;
  }
  return text.size();
}

}  // namespace

void require_utf8(const InputFile& input) {
  if (simdjson::validate_utf8(input.text.data(), input.text.size())) return;
  const auto offset = first_invalid_utf8(input.text);
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(input.text[offset]));
  throw InputError(input.name + ": " + line_and_column(input.text, offset) +
                   ": expected UTF-8 text (byte " + hex + ")");
}

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
