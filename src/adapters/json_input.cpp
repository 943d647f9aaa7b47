#include "adapters/json_input.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>

#include "core/error.hpp"

namespace perfwatch {
namespace {

// Records where nlohmann's parser stops and why, without building a document or throwing.
// Syntax errors and numbers out of range (out_of_range.406, e.g. -1e309, which no double
// holds) both reach parse_error, with the byte count read so far.
class ErrorFinder final : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error) override {
    std::string what = error.what();
    if (error.id == 406) {
      // Point at the number itself, not past it.
      offset = position >= last_token.size() ? position - last_token.size() : 0;
      message = "number out of range: " + last_token + "; expected a number a double can hold";
      return false;
    }
    // Keep nlohmann's explanation, drop its "[json.exception...] parse error at ...: " prefix.
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    offset = position > 0 ? position - 1 : 0;
    message = "malformed JSON: " + what;
    return false;
  }

  std::size_t offset = 0;
  std::string message;  // empty while the text parses
};

// True when the integer literal `digits` (no sign) exceeds `limit` (both without leading zeros,
// which JSON forbids).
bool exceeds(std::string_view digits, std::string_view limit) {
  if (digits.size() != limit.size()) return digits.size() > limit.size();
  return digits > limit;
}

// The first integer literal (no fraction, no exponent) outside strings that no 64-bit integer
// holds: simdjson refuses it (NUMBER_ERROR), while nlohmann quietly reads it as a double, so
// the SAX pass above does not find it. Returns its offset and text.
std::optional<std::pair<std::size_t, std::string_view>> find_oversized_integer(
    std::string_view text) {
  constexpr std::string_view kInt64Min = "9223372036854775808";  // magnitude of INT64_MIN
  constexpr std::string_view kUint64Max = "18446744073709551615";
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {  // skip the string, escapes included
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      ++i;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    const bool negative = c == '-';
    if (negative) ++i;
    const std::size_t digits_start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    const std::string_view digits = text.substr(digits_start, i - digits_start);
    const bool is_integer =
        i >= text.size() || (text[i] != '.' && text[i] != 'e' && text[i] != 'E');
    while (i < text.size() &&
           std::string_view("0123456789.eE+-").find(text[i]) != std::string_view::npos) {
      ++i;
    }
    if (is_integer && exceeds(digits, negative ? kInt64Min : kUint64Max)) {
      return std::pair{start, text.substr(start, i - start)};
    }
  }
  return std::nullopt;
}

// simdjson reports only an error code; nlohmann's parser finds the byte where the text goes
// wrong. Used on the error path only. Empty when the text is valid JSON with numbers simdjson
// can hold.
std::string find_json_error(const InputFile& input) {
  ErrorFinder finder;
  nlohmann::json::sax_parse(input.text, &finder);
  if (finder.message.empty()) {
    const auto oversized = find_oversized_integer(input.text);
    if (!oversized) return {};
    return input.name + ": " + line_and_column(input.text, oversized->first) +
           ": integer out of range: " + std::string(oversized->second) +
           "; expected a whole number a 64-bit integer can hold";
  }
  return input.name + ": " + line_and_column(input.text, finder.offset) + ": " + finder.message;
}

std::string describe_syntax_error(const InputFile& input, simdjson::error_code code) {
  auto message = find_json_error(input);
  if (!message.empty()) return message;
  return input.name + ": malformed JSON: " + simdjson::error_message(code);
}

}  // namespace

std::string json_error_message(const InputFile& input) {
  auto message = find_json_error(input);
  return message.empty() ? input.name + ": malformed JSON" : message;
}

JsonInput::JsonInput(const InputFile& input) : input_(input) {
  // InputText keeps SIMDJSON_PADDING readable bytes past the end: parsed in place.
  auto result = parser_.parse(input.text.data(), input.text.size(), false);
  if (result.error()) throw InputError(describe_syntax_error(input, result.error()));
  root_ = result.value_unsafe();
}

void JsonInput::fail(std::string_view path, std::string_view expected) const {
  throw InputError(input_.name + ": at " + std::string(path.empty() ? "top level" : path) +
                   ": expected " + std::string(expected));
}

simdjson::dom::object JsonInput::object_at(simdjson::dom::element element,
                                           std::string_view path) const {
  simdjson::dom::object object;
  if (element.get(object)) fail(path, "an object");
  return object;
}

simdjson::dom::array JsonInput::array_at(simdjson::dom::element element,
                                         std::string_view path) const {
  simdjson::dom::array array;
  if (element.get(array)) fail(path, "an array");
  return array;
}

std::optional<double> JsonInput::optional_number(simdjson::dom::object object, std::string_view key,
                                                 std::string_view path) const {
  simdjson::dom::element element;
  if (object[key].get(element)) return std::nullopt;
  if (element.is_null()) return std::nullopt;
  double value = 0;
  if (element.get(value)) fail(std::string(path) + "." + std::string(key), "a number");
  return value;
}

double JsonInput::number(simdjson::dom::object object, std::string_view key,
                         std::string_view path) const {
  auto value = optional_number(object, key, path);
  if (!value) fail(std::string(path) + "." + std::string(key), "a number");
  return *value;
}

std::optional<std::string_view> JsonInput::optional_string(simdjson::dom::object object,
                                                           std::string_view key,
                                                           std::string_view path) const {
  simdjson::dom::element element;
  if (object[key].get(element)) return std::nullopt;
  if (element.is_null()) return std::nullopt;
  std::string_view value;
  if (element.get(value)) fail(std::string(path) + "." + std::string(key), "a string");
  return value;
}

std::string_view JsonInput::string(simdjson::dom::object object, std::string_view key,
                                   std::string_view path) const {
  auto value = optional_string(object, key, path);
  if (!value) fail(std::string(path) + "." + std::string(key), "a string");
  return *value;
}

simdjson::padded_string_view padded_view(const InputFile& input) {
  return simdjson::padded_string_view(input.text.data(), input.text.size(),
                                      input.text.size() + simdjson::SIMDJSON_PADDING);
}

std::string on_demand_error_message(const InputFile& input, std::string_view path,
                                    std::string_view expected) {
  auto message = find_json_error(input);
  if (!message.empty()) return message;
  return input.name + ": at " + std::string(path.empty() ? "top level" : path) + ": expected " +
         std::string(expected);
}

char first_significant_char(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
  }
  return '\0';
}

bool appears_early(std::string_view text, std::string_view needle, std::size_t window) {
  return text.substr(0, window).find(needle) != std::string_view::npos;
}

}  // namespace perfwatch
