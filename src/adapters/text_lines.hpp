// Shared by the text adapters (console tables, `go test -bench`, `cargo bench`): walking an
// input line by line with line numbers, splitting fields, reading numbers, and errors that name
// the file and the line.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "adapters/adapter.hpp"

namespace perfwatch {

// Throws InputError "FILE: line L, column C: expected UTF-8 text (byte 0xNN)" at the first byte
// that is not valid UTF-8: names read from the text end up in the database, which only takes
// UTF-8. JSON needs no such check (simdjson validates it while parsing).
void require_utf8(const InputFile& input);

// Iterates over the lines of an input; a trailing '\r' is dropped from each line. Checks first
// that the input is UTF-8 (require_utf8).
class TextLines {
 public:
  explicit TextLines(const InputFile& input) : input_(input), rest_(input.text) {
    require_utf8(input);
  }

  // Moves to the next line; false when the input is exhausted.
  bool next();
  std::string_view line() const { return line_; }
  std::size_t line_number() const { return line_number_; }
  // Throws InputError "FILE: line N: expected WHAT" for the current line.
  [[noreturn]] void fail(std::string_view expected) const;

 private:
  const InputFile& input_;
  std::string_view rest_;
  std::string_view line_;
  std::size_t line_number_ = 0;
  bool exhausted_ = false;
};

// Text without leading and trailing spaces and tabs.
std::string_view trim(std::string_view text);
// Splits text on runs of spaces and tabs into `fields`, which is cleared first (and can be
// reused between lines to avoid allocating).
void split_fields(std::string_view text, std::vector<std::string_view>& fields);
// The whole of text as a decimal number ("1.5", "-2", "3e9"), or nothing.
std::optional<double> parse_number(std::string_view text);
// The lines of the first `window` bytes of text, for cheap format sniffing: calls
// accept(line) for each complete line there until it returns true; returns whether one did.
template <typename Predicate>
bool any_early_line(std::string_view text, Predicate accept, std::size_t window = 8192) {
  text = text.substr(0, window);
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) return false;  // a cut line proves nothing
    auto line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (accept(line)) return true;
    text.remove_prefix(end + 1);
  }
  return false;
}

}  // namespace perfwatch
