#include "ab/schedule.hpp"

#include <gtest/gtest.h>

namespace perfwatch::ab {
namespace {

TEST(Schedule, EveryPairHoldsOneRunOfEachSide) {
  std::mt19937_64 generator(7);
  for (int pairs : {1, 2, 7, 50}) {
    const auto runs = balanced_schedule(pairs, generator);
    ASSERT_EQ(runs.size(), static_cast<std::size_t>(2 * pairs));
    for (std::size_t i = 0; i < runs.size(); i += 2) EXPECT_NE(runs[i], runs[i + 1]);
  }
}

TEST(Schedule, BlocksAreAbbaOrBaab) {
  std::mt19937_64 generator(3);
  const auto runs = balanced_schedule(40, generator);
  int abba = 0;
  for (std::size_t i = 0; i < runs.size(); i += 4) {
    EXPECT_EQ(runs[i], runs[i + 3]);
    EXPECT_EQ(runs[i + 1], runs[i + 2]);
    if (runs[i] == Side::base) ++abba;
  }
  // Both kinds occur: 20 fair coins all landing alike has probability 2^-19.
  EXPECT_GT(abba, 0);
  EXPECT_LT(abba, 20);
}

TEST(Schedule, EachSideRunsFirstAndLastEquallyOften) {
  // In an ABBA or BAAB block each side holds one early and one late position of the block, so
  // the positions' sum is the same for both sides whatever the coins say.
  std::mt19937_64 generator(11);
  const auto runs = balanced_schedule(64, generator);
  long base_positions = 0, candidate_positions = 0;
  for (std::size_t i = 0; i < runs.size(); ++i)
    (runs[i] == Side::base ? base_positions : candidate_positions) += static_cast<long>(i);
  EXPECT_EQ(base_positions, candidate_positions);
}

TEST(Schedule, SameSeedSameOrder) {
  std::mt19937_64 a(5), b(5), c(6);
  const auto first = balanced_schedule(30, a);
  EXPECT_EQ(first, balanced_schedule(30, b));
  EXPECT_NE(first, balanced_schedule(30, c));
}

}  // namespace
}  // namespace perfwatch::ab
