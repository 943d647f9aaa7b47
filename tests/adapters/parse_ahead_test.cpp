// ParseAhead: pieces reach the consumer in order, through a fixed ring of slots; what the
// parse throws arrives after the pieces before it; a consumer that stops early stops the parse.
#include "adapters/parse_ahead.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace perfwatch {
namespace {

struct Numbered {
  int number = -1;
  std::vector<int> payload;
};

TEST(ParseAhead, HandsOverEveryPieceInOrder) {
  int made = 0;
  ParseAhead<Numbered> pieces(3, [&](Numbered& slot) {
    if (made == 1000) return false;
    slot.number = made;
    slot.payload.assign(static_cast<std::size_t>(made % 7), made);
    ++made;
    return true;
  });
  int expected = 0;
  while (const Numbered* piece = pieces.next()) {
    ASSERT_EQ(piece->number, expected);
    EXPECT_EQ(piece->payload, std::vector<int>(static_cast<std::size_t>(expected % 7), expected));
    ++expected;
  }
  EXPECT_EQ(expected, 1000);
  EXPECT_EQ(pieces.next(), nullptr);  // and stays at the end
}

TEST(ParseAhead, NeverFillsASlotTheConsumerHolds) {
  std::atomic<int> filled{0};
  ParseAhead<Numbered> pieces(2, [&](Numbered& slot) {
    if (filled == 50) return false;
    slot.number = filled++;
    return true;
  });
  for (int expected = 0; expected < 50; ++expected) {
    const Numbered* piece = pieces.next();
    ASSERT_NE(piece, nullptr);
    // At most the other slot is filled ahead of the one held.
    EXPECT_LE(filled.load(), expected + 2);
    EXPECT_EQ(piece->number, expected);
  }
  EXPECT_EQ(pieces.next(), nullptr);
}

TEST(ParseAhead, ErrorComesAfterThePiecesBeforeIt) {
  int made = 0;
  ParseAhead<Numbered> pieces(4, [&](Numbered& slot) {
    if (made == 10) throw std::runtime_error("bad piece 10");
    slot.number = made++;
    return true;
  });
  for (int expected = 0; expected < 10; ++expected) {
    const Numbered* piece = pieces.next();
    ASSERT_NE(piece, nullptr);
    EXPECT_EQ(piece->number, expected);
  }
  EXPECT_THROW(
      {
        try {
          pieces.next();
        } catch (const std::runtime_error& error) {
          EXPECT_STREQ(error.what(), "bad piece 10");
          throw;
        }
      },
      std::runtime_error);
}

TEST(ParseAhead, StoppingEarlyEndsTheParse) {
  std::atomic<int> filled{0};
  {
    ParseAhead<Numbered> pieces(2, [&](Numbered& slot) {
      slot.number = filled++;
      return true;  // would go on for ever
    });
    ASSERT_NE(pieces.next(), nullptr);
  }  // the destructor returns: the parse thread stopped
  EXPECT_LE(filled.load(), 3);
}

}  // namespace
}  // namespace perfwatch
