// JsonObjectMembers: the members of a top-level object found without parsing them, and the
// text it refuses (the reader then asks a full JSON parser where the text goes wrong); the same
// when the text comes in two parts.
#include "adapters/json_object_members.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace perfwatch {
namespace {

using Step = JsonObjectMembers::Step;

// The members of `text` and the step that ended the walk.
std::pair<std::vector<std::string>, Step> walk(std::string_view text) {
  JsonObjectMembers members(text);
  std::vector<std::string> found;
  std::string_view member;
  Step step;
  while ((step = members.next(member)) == Step::member) found.emplace_back(member);
  return {found, step};
}

// The same walk with the text's first `split` bytes given first, as not the whole document, and
// the whole text once the walk needs more: the step cut short is taken again.
std::pair<std::vector<std::string>, Step> walk_split(std::string_view text, std::size_t split) {
  const std::string first(text.substr(0, split));  // its '\0' follows it
  JsonObjectMembers members(first, false);
  std::vector<std::string> found;
  std::string_view member;
  Step step;
  bool continued = false;
  while ((step = members.next(member)) == Step::member || step == Step::needs_more) {
    if (step == Step::member) {
      found.emplace_back(member);
    } else {
      EXPECT_FALSE(continued) << "needs more after the whole text was given";
      if (continued) break;
      members.continue_in(text, members.position(), true);
      continued = true;
    }
  }
  return {found, step};
}

const std::string_view kVaried =
    " {\"a\": {\"x\": [1, {\"y\": \"}]\"}]},\n \"b\\\"}\" : \"{\\\\\" , \"c\":-1.5e3,"
    "\"d\":null}\n";

TEST(JsonObjectMembers, HandsOverEachMemberWhole) {
  const auto [members, step] = walk(kVaried);
  EXPECT_EQ(step, Step::end);
  EXPECT_EQ(members,
            (std::vector<std::string>{"\"a\": {\"x\": [1, {\"y\": \"}]\"}]}",
                                      "\"b\\\"}\" : \"{\\\\\"", "\"c\":-1.5e3", "\"d\":null"}));
}

TEST(JsonObjectMembers, TextInTwoPartsWalksAsWhole) {
  const auto whole = walk(kVaried);
  for (std::size_t split = 0; split <= kVaried.size(); ++split) {
    EXPECT_EQ(walk_split(kVaried, split), whole) << "split at " << split;
  }
}

TEST(JsonObjectMembers, EmptyObjectHasNoMembers) {
  const auto [members, step] = walk("{ }");
  EXPECT_TRUE(members.empty());
  EXPECT_EQ(step, Step::end);
}

TEST(JsonObjectMembers, OtherDocumentsAreNotObjects) {
  EXPECT_EQ(walk("[{\"a\": 1}]").second, Step::not_an_object);
  EXPECT_EQ(walk("  ").second, Step::not_an_object);
}

TEST(JsonObjectMembers, RefusesWhatCannotBeCut) {
  for (const std::string_view text :
       {"{\"a\": 1,}", "{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "{\"a\": {\"b\": 1}", "{\"a\": \"b}",
        "{\"a\": 1} x", "{\"a\": 1", "{a: 1}", "{\"a\": }", "{,}"}) {
    const auto [members, step] = walk(text);
    EXPECT_EQ(step, Step::malformed) << text;
    for (std::size_t split = 0; split <= text.size(); ++split) {
      EXPECT_EQ(walk_split(text, split).second, Step::malformed) << text << " split at " << split;
    }
  }
}

TEST(JsonObjectMembers, MalformedBeforeTheTextsEndNeedsNoMore) {
  std::string_view member;
  JsonObjectMembers members("{\"a\": 1 \"b\": 2, \"c\"", false);
  EXPECT_EQ(members.next(member), Step::member);
  EXPECT_EQ(members.next(member), Step::malformed);
  JsonObjectMembers cut("{\"a\": 1, \"b\": 12", false);  // the number may go on
  EXPECT_EQ(cut.next(member), Step::member);
  EXPECT_EQ(cut.next(member), Step::needs_more);
  EXPECT_EQ(cut.position(), 7u);  // the comma before "b"
}

}  // namespace
}  // namespace perfwatch
