#include "adapters/json_object_members.hpp"

#include <array>

namespace perfwatch {
namespace {

// The bytes that matter inside an object or array: where strings start and end, and brackets.
constexpr std::array<bool, 256> kStructural = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : {'"', '{', '}', '[', ']'}) table[c] = true;
  return table;
}();

bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

void JsonObjectMembers::skip_whitespace() {
  while (at_ < text_.size() && is_whitespace(text_[at_])) ++at_;
}

bool JsonObjectMembers::skip_string() {
  for (++at_; at_ < text_.size(); ++at_) {
    const char c = text_[at_];
    if (c == '\\') {
      ++at_;  // the escaped character, whatever it is
    } else if (c == '"') {
      ++at_;
      return true;
    }
  }
  return false;
}

bool JsonObjectMembers::skip_value() {
  if (at_ >= text_.size()) return false;
  const char first = text_[at_];
  if (first == '"') return skip_string();
  if (first == '{' || first == '[') {
    // Brackets are counted, not matched: "[}" is the piece parser's to refuse.
    std::size_t depth = 0;
    while (at_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[at_]);
      if (!kStructural[c]) {
        ++at_;
      } else if (c == '"') {
        if (!skip_string()) return false;
      } else {
        ++at_;
        depth = (c == '{' || c == '[') ? depth + 1 : depth - 1;
        if (depth == 0) return true;
      }
    }
    return false;
  }
  // A number or a literal: up to what ends a value.
  const std::size_t start = at_;
  while (at_ < text_.size() && !is_whitespace(text_[at_]) && text_[at_] != ',' &&
         text_[at_] != '}' && text_[at_] != ']') {
    ++at_;
  }
  return at_ > start;
}

JsonObjectMembers::Step JsonObjectMembers::next(std::string_view& member) {
  switch (state_) {
    case State::before_object:
      skip_whitespace();
      if (at_ >= text_.size() || text_[at_] != '{') return Step::not_an_object;
      ++at_;
      skip_whitespace();
      if (at_ < text_.size() && text_[at_] == '}') return finish();
      break;
    case State::after_member:
      skip_whitespace();
      if (at_ >= text_.size()) return Step::malformed;
      if (text_[at_] == '}') return finish();
      if (text_[at_] != ',') return Step::malformed;
      ++at_;
      skip_whitespace();
      break;
    case State::done:
      return Step::end;
  }
  // At a member's key.
  const std::size_t start = at_;
  if (at_ >= text_.size() || text_[at_] != '"' || !skip_string()) return Step::malformed;
  skip_whitespace();
  if (at_ >= text_.size() || text_[at_] != ':') return Step::malformed;
  ++at_;
  skip_whitespace();
  if (!skip_value()) return Step::malformed;
  member = text_.substr(start, at_ - start);
  state_ = State::after_member;
  return Step::member;
}

JsonObjectMembers::Step JsonObjectMembers::finish() {
  ++at_;  // the closing brace
  skip_whitespace();
  if (at_ != text_.size()) return Step::malformed;
  state_ = State::done;
  return Step::end;
}

}  // namespace perfwatch
