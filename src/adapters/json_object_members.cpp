#include "adapters/json_object_members.hpp"

#include <array>

#include "adapters/bracket_scan.hpp"

namespace perfwatch {
namespace {

// The bytes each scanning loop stops at. Every table holds '\0', the byte after the text
// (JsonObjectMembers' contract), so that the loops need no bounds check of their own.
constexpr std::array<bool, 256> stop_table(std::string_view stops) {
  std::array<bool, 256> table{};
  table[0] = true;
  for (const char c : stops) table[static_cast<unsigned char>(c)] = true;
  return table;
}
// Inside a string: its end, and escapes.
constexpr auto kInString = stop_table("\"\\");

bool is_whitespace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

void JsonObjectMembers::skip_whitespace() {
  while (at_ < text_.size() && is_whitespace(text_[at_])) ++at_;
}

bool JsonObjectMembers::skip_string() {
  const char* const end = text_.data() + text_.size();
  const char* p = text_.data() + at_ + 1;
  for (;;) {
    while (!kInString[static_cast<unsigned char>(*p)]) ++p;
    if (p < end && *p == '"') break;
    // At the end, or at a backslash with nothing after it: the text ends inside the string.
    if (p >= end || (*p == '\\' && ++p == end)) {
      ran_out_ = true;
      return false;
    }
    ++p;  // past the escaped character, or past a '\0' inside the text
  }
  at_ = static_cast<std::size_t>(p + 1 - text_.data());
  return true;
}

bool JsonObjectMembers::skip_value() {
  if (at_end()) return false;
  const char first = text_[at_];
  if (first == '"') return skip_string();
  if (first == '{' || first == '[') {
    const char* const end = skip_brackets(text_.data() + at_, text_.data() + text_.size());
    if (end == nullptr) {
      ran_out_ = true;
      return false;
    }
    at_ = static_cast<std::size_t>(end - text_.data());
    return true;
  }
  // A number or a literal: up to what ends a value (at the text's end, it may go on).
  const std::size_t start = at_;
  while (!at_end() && !is_whitespace(text_[at_]) && text_[at_] != ',' && text_[at_] != '}' &&
         text_[at_] != ']') {
    ++at_;
  }
  return at_ > start;
}

bool JsonObjectMembers::at_end() {
  if (at_ < text_.size()) return false;
  ran_out_ = true;
  return true;
}

JsonObjectMembers::Step JsonObjectMembers::next(std::string_view& member) {
  const auto at = at_;
  const auto state = state_;
  ran_out_ = false;
  const Step step = take_step(member);
  if (complete_ || !ran_out_) return step;
  at_ = at;  // taken again from the start once there is more text
  state_ = state;
  return Step::needs_more;
}

JsonObjectMembers::Step JsonObjectMembers::take_step(std::string_view& member) {
  switch (state_) {
    case State::before_object:
      skip_whitespace();
      if (at_end() || text_[at_] != '{') return Step::not_an_object;
      ++at_;
      skip_whitespace();
      if (!at_end() && text_[at_] == '}') return finish();
      break;
    case State::after_member:
      skip_whitespace();
      if (at_end()) return Step::malformed;
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
  if (at_end() || text_[at_] != '"' || !skip_string()) return Step::malformed;
  skip_whitespace();
  if (at_end() || text_[at_] != ':') return Step::malformed;
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
  if (!at_end()) return Step::malformed;
  state_ = State::done;
  return Step::end;
}

}  // namespace perfwatch
