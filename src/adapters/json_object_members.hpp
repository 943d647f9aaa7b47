// Splits a JSON document whose top level is an object into the text of its members, without
// parsing them, so that a large document can be parsed one piece at a time in a small buffer
// (the BMF adapter: a 119 MiB file is 10,000 benchmarks of 12 KiB each). It checks only what
// it needs to find where each member ends (keys, colons, commas, brackets and strings); the
// parser of the pieces checks the rest. The text may come a window at a time (input_window.hpp):
// a step that the window's end cuts short is taken again once more text is there.
#pragma once

#include <cstddef>
#include <string_view>

namespace perfwatch {

class JsonObjectMembers {
 public:
  // `text` must be followed by a '\0' byte (a std::string's, or InputText's padding): the
  // scanning loops stop there instead of checking bounds at every byte. `complete`: the text is
  // the whole document; otherwise only its start, and more is given by continue_in().
  explicit JsonObjectMembers(std::string_view text, bool complete = true)
      : text_(text), complete_(complete) {}

  enum class Step {
    member,         // `member` holds the next one: from its key's opening quote to its value's end
    end,            // the object closed, and nothing but whitespace follows it
    not_an_object,  // the document does not start with '{'
    malformed,      // not JSON: the caller finds where (json_error_message)
    needs_more,     // (text not complete) it ends before the step could be taken: continue_in()
  };
  Step next(std::string_view& member);

  // Where in the text the next step starts.
  std::size_t position() const { return at_; }
  // Goes on in `text`, where the next step starts at `position`: the same document from some
  // point at or before position() on, with more after. Its '\0' and `complete` as above.
  void continue_in(std::string_view text, std::size_t position, bool complete) {
    text_ = text;
    at_ = position;
    complete_ = complete;
  }

 private:
  // The step next() takes, ran_out_ set when the text's end cut it short.
  Step take_step(std::string_view& member);
  // Past the object's closing brace: the end, when only whitespace follows.
  Step finish();
  // Whether the text ends at at_ (setting ran_out_).
  bool at_end();
  void skip_whitespace();
  // From an opening quote to past the closing one; false when the string does not end.
  bool skip_string();
  // Past one value: a string, an object or array (to its closing bracket), or a literal.
  bool skip_value();

  std::string_view text_;
  bool complete_;
  bool ran_out_ = false;
  std::size_t at_ = 0;
  enum class State { before_object, after_member, done } state_ = State::before_object;
};

}  // namespace perfwatch
