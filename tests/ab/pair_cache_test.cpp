#include "ab/pair_cache.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch::ab {
namespace {

TEST(PairCache, KeepsPairsPerCommitsAndSeriesAcrossInstances) {
  testing::ScratchDir dir;
  const auto file = dir / "ab" / "pairs.json";
  {
    PairCache cache(file);
    EXPECT_TRUE(cache.find("a", "b", "work").empty());
    cache.store("a", "b", "work", {{1.0, 2.0}, {3.0, 4.5}});
    cache.store("b", "a", "work", {{7.0, 8.0}});
  }
  PairCache again(file);
  const auto pairs = again.find("a", "b", "work");
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[1].base, 3.0);
  EXPECT_EQ(pairs[1].candidate, 4.5);
  EXPECT_EQ(again.find("b", "a", "work").size(), 1u);  // the order of the sides matters
  EXPECT_TRUE(again.find("a", "b", "other").empty());
}

TEST(PairCache, ForeignFileIsNamed) {
  testing::ScratchDir dir;
  const auto file = dir / "pairs.json";
  std::ofstream(file) << "[1, 2]";
  try {
    PairCache cache(file);
    FAIL() << "accepted a foreign file";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find(file.string()), std::string::npos);
  }
}

}  // namespace
}  // namespace perfwatch::ab
