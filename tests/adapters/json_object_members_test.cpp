// JsonObjectMembers: the members of a top-level object found without parsing them, and the
// text it refuses (the reader then asks a full JSON parser where the text goes wrong).
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

TEST(JsonObjectMembers, HandsOverEachMemberWhole) {
  const auto [members, step] = walk(
      " {\"a\": {\"x\": [1, {\"y\": \"}]\"}]},\n \"b\\\"}\" : \"{\\\\\" , \"c\":-1.5e3,"
      "\"d\":null}\n");
  EXPECT_EQ(step, Step::end);
  EXPECT_EQ(members,
            (std::vector<std::string>{"\"a\": {\"x\": [1, {\"y\": \"}]\"}]}",
                                      "\"b\\\"}\" : \"{\\\\\"", "\"c\":-1.5e3", "\"d\":null"}));
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
  }
}

}  // namespace
}  // namespace perfwatch
