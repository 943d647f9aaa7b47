// Shared by the JSON adapters: parsing with simdjson, and errors that name the file and the place.
#pragma once

#include <simdjson.h>

#include <optional>
#include <string>
#include <string_view>

#include "adapters/adapter.hpp"

namespace perfwatch {

// A parsed JSON input. Syntax errors throw InputError with the line and column.
class JsonInput {
 public:
  explicit JsonInput(const InputFile& input);
  JsonInput(const JsonInput&) = delete;
  JsonInput& operator=(const JsonInput&) = delete;

  simdjson::dom::element root() const { return root_; }

  // Throws InputError "FILE: at PATH: expected WHAT".
  [[noreturn]] void fail(std::string_view path, std::string_view expected) const;

  // Typed field access; `path` is where `object` sits (e.g. "benchmarks[3]") for messages.
  simdjson::dom::object object_at(simdjson::dom::element element, std::string_view path) const;
  simdjson::dom::array array_at(simdjson::dom::element element, std::string_view path) const;
  double number(simdjson::dom::object object, std::string_view key, std::string_view path) const;
  std::optional<double> optional_number(simdjson::dom::object object, std::string_view key,
                                        std::string_view path) const;
  std::string_view string(simdjson::dom::object object, std::string_view key,
                          std::string_view path) const;
  std::optional<std::string_view> optional_string(simdjson::dom::object object,
                                                  std::string_view key,
                                                  std::string_view path) const;

 private:
  const InputFile& input_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

// For simdjson's On-Demand API, which reads lazily and so finds errors as it goes: the input's
// text as a padded view (InputText keeps the padding readable).
simdjson::padded_string_view padded_view(const InputFile& input);
// The message for an error met at `path` by a reader that has not seen all of the text yet
// (On-Demand, or the BMF adapter's pieces): the syntax error with its line and column when the
// text is not valid JSON, otherwise "FILE: at PATH: expected WHAT".
std::string on_demand_error_message(const InputFile& input, std::string_view path,
                                    std::string_view expected);

// The message for text that is not valid JSON, found by nlohmann's parser (which, unlike
// simdjson, knows the byte where the text goes wrong): "FILE: line L, column C: WHAT", for
// syntax errors and for numbers no double holds (-1e309) alike.
std::string json_error_message(const InputFile& input);

// First non-whitespace character of text, or '\0'.
char first_significant_char(std::string_view text);
// True when `needle` occurs within the first `window` bytes of text (a cheap format sniff).
bool appears_early(std::string_view text, std::string_view needle, std::size_t window = 4096);

}  // namespace perfwatch
