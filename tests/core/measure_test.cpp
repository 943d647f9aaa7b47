#include "core/measure.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace perfwatch {
namespace {

TEST(Measure, TimeUnitsNormaliseToNanoseconds) {
  EXPECT_DOUBLE_EQ(*nanoseconds_per("ps"), 1e-3);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("ns"), 1.0);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("us"), 1e3);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("\u00b5s"), 1e3);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("\u03bcs"), 1e3);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("ms"), 1e6);
  EXPECT_DOUBLE_EQ(*nanoseconds_per("s"), 1e9);
  EXPECT_FALSE(nanoseconds_per("fortnight"));
}

TEST(Measure, DirectionsParseShortAndLongForms) {
  EXPECT_EQ(parse_direction("lower"), Direction::lower_is_better);
  EXPECT_EQ(parse_direction("higher_is_better"), Direction::higher_is_better);
  EXPECT_FALSE(parse_direction("sideways"));
  EXPECT_EQ(to_string(Direction::higher_is_better), "higher_is_better");
}

TEST(Measure, UnknownDirectionReadsBackAsWritten) {
  EXPECT_EQ(to_string(Direction::unknown), "unknown");
  EXPECT_EQ(parse_direction(to_string(Direction::unknown)), Direction::unknown);
}

TEST(Error, LineAndColumnCountFromOne) {
  EXPECT_EQ(line_and_column("abc", 0), "line 1, column 1");
  EXPECT_EQ(line_and_column("ab\ncd", 4), "line 2, column 2");
  EXPECT_EQ(line_and_column("ab", 99), "line 1, column 3");
}

TEST(Sha256, MatchesPublishedTestVector) {
  // FIPS 180-2, appendix B.1.
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, PiecesHashAsTheirConcatenation) {
  // FIPS 180-2, appendix B.2: the 56-byte message, given in three pieces.
  Sha256 digest;
  for (const auto* piece : {"abcdbcdecdefdefgefghfghighij", "", "hijkijkljklmklmnlmnomnopnopq"}) {
    digest.update(piece);
  }
  EXPECT_EQ(digest.hex(), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

}  // namespace
}  // namespace perfwatch
