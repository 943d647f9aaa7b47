// skip_brackets: where a JSON object or array ends, found 64 bytes at a time. Checked against
// nlohmann's parser on generated values whose strings, escapes and brackets fall on every side
// of the 64-byte blocks.
#include "adapters/bracket_scan.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace perfwatch {
namespace {

// A random JSON value: nested objects and arrays, numbers, literals, and strings full of the
// bytes the scan must not take for structure (brackets, escaped quotes and backslashes, '\0' as
// an escape, multi-byte UTF-8).
class ValueMaker {
 public:
  explicit ValueMaker(unsigned seed) : random_(seed) {}

  std::string value(int depth) {
    switch (pick(depth > 4 ? 3 : 5)) {
      case 0:
        return string();
      case 1:
        return std::to_string(pick(100000)) + (pick(2) ? ".5e-3" : "");
      case 2:
        return pick(2) ? "true" : "null";
      case 3: {
        std::string text = "{";
        const auto members = pick(6);
        for (unsigned index = 0; index < members; ++index) {
          if (index > 0) text += pick(2) ? "," : " ,\n ";
          text += "\"k" + std::to_string(index) + "\"" + (pick(2) ? ":" : " : ") + value(depth + 1);
        }
        return text + "}";
      }
      default: {
        std::string text = "[";
        const auto elements = pick(6);
        for (unsigned index = 0; index < elements; ++index) {
          if (index > 0) text += ",";
          text += value(depth + 1);
        }
        return text + "]";
      }
    }
  }

 private:
  unsigned pick(unsigned count) {
    return std::uniform_int_distribution<unsigned>(0, count - 1)(random_);
  }

  std::string string() {
    static const char* const kPieces[] = {"a",        "bench", "{",        "}",       "[",
                                          "]",        "\\\"",  "\\\\",     "\\u0000", "\\n",
                                          "\xc3\xa9", " ",     "\\\\\\\"", "x\\\\"};
    std::string text = "\"";
    const auto pieces = pick(40);
    for (unsigned index = 0; index < pieces; ++index) text += kPieces[pick(std::size(kPieces))];
    return text + "\"";
  }

  std::mt19937 random_;
};

TEST(BracketScan, EndsWhereTheParserSaysTheValueEnds) {
  for (unsigned seed = 0; seed < 3000; ++seed) {
    ValueMaker maker(seed);
    std::string value;
    while (value.empty() || (value[0] != '{' && value[0] != '[')) value = maker.value(0);
    ASSERT_TRUE(nlohmann::json::accept(value)) << value;
    // What follows the value must not be taken for part of it.
    const std::string text = value + (seed % 2 ? "]}, \"next\": [1]" : "");
    const char* end = skip_brackets(text.data(), text.data() + text.size());
    ASSERT_NE(end, nullptr) << value;
    EXPECT_EQ(std::string(text.data(), end), value) << "seed " << seed;
  }
}

TEST(BracketScan, ValuesThatDoNotEndAreNotFound) {
  for (unsigned seed = 0; seed < 300; ++seed) {
    ValueMaker maker(seed);
    std::string value;
    while (value.size() < 2 || (value[0] != '{' && value[0] != '[')) value = maker.value(0);
    const std::string cut = value.substr(0, value.size() - 1);  // its closing bracket gone
    EXPECT_EQ(skip_brackets(cut.data(), cut.data() + cut.size()), nullptr) << cut;
  }
}

TEST(BracketScan, BracketsAreCountedAcrossBlocks) {
  // Depth 70 then back: the count crosses blocks both ways; strings cross block boundaries.
  std::string text;
  for (int level = 0; level < 70; ++level) text += "[\"" + std::string(level, '}') + "\",";
  text += "0";
  for (int level = 0; level < 70; ++level) text += "]";
  EXPECT_EQ(skip_brackets(text.data(), text.data() + text.size()), text.data() + text.size());
  const std::string with_rest = text + "]]";
  EXPECT_EQ(skip_brackets(with_rest.data(), with_rest.data() + with_rest.size()),
            with_rest.data() + text.size());
}

}  // namespace
}  // namespace perfwatch
