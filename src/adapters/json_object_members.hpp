// Splits a JSON document whose top level is an object into the text of its members, without
// parsing them, so that a large document can be parsed one piece at a time in a small buffer
// (the BMF adapter: a 119 MiB file is 10,000 benchmarks of 12 KiB each). It checks only what
// it needs to find where each member ends (keys, colons, commas, brackets and strings); the
// parser of the pieces checks the rest.
#pragma once

#include <cstddef>
#include <string_view>

namespace perfwatch {

class JsonObjectMembers {
 public:
  // `text` must be followed by a '\0' byte (a std::string's, or InputText's padding): the
  // scanning loops stop there instead of checking bounds at every byte.
  explicit JsonObjectMembers(std::string_view text) : text_(text) {}

  enum class Step {
    member,         // `member` holds the next one: from its key's opening quote to its value's end
    end,            // the object closed, and nothing but whitespace follows it
    not_an_object,  // the document does not start with '{'
    malformed,      // not JSON: the caller finds where (json_error_message)
  };
  Step next(std::string_view& member);

 private:
  // Past the object's closing brace: the end, when only whitespace follows.
  Step finish();
  void skip_whitespace();
  // From an opening quote to past the closing one; false when the string does not end.
  bool skip_string();
  // Past one value: a string, an object or array (to its closing bracket), or a literal.
  bool skip_value();

  std::string_view text_;
  std::size_t at_ = 0;
  enum class State { before_object, after_member, done } state_ = State::before_object;
};

}  // namespace perfwatch
