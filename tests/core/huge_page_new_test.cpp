// The operator new replacement of src/core/huge_page_new.cpp, linked into this test binary.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

namespace {

// True when some mapping of this process covers address.
bool is_mapped(const void* address) {
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    const auto dash = line.find('-');
    const auto begin = std::stoull(line.substr(0, dash), nullptr, 16);
    const auto end = std::stoull(line.substr(dash + 1), nullptr, 16);
    if (target >= begin && target < end) return true;
  }
  return false;
}

TEST(HugePageNew, LargeBlocksHaveAMappingOfTheirOwnThatDeleteReturns) {
  constexpr std::size_t size = std::size_t{9} << 20;
  auto* block = new char[size];
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % 4096, 64u);
  std::memset(block, 0x5a, size);
  EXPECT_EQ(block[size - 1], 0x5a);
  EXPECT_TRUE(is_mapped(block));
  delete[] block;
  EXPECT_FALSE(is_mapped(block));
}

TEST(HugePageNew, SmallBlocksAndStandardContainersWork) {
  auto small = std::make_unique<int>(7);
  EXPECT_EQ(*small, 7);
  std::string grown;
  for (int i = 0; i < 1'000'000; ++i) grown += static_cast<char>('a' + i % 26);
  EXPECT_EQ(grown.size(), 1'000'000u);
  grown.assign(std::size_t{6} << 20, 'x');  // crosses the threshold while reallocating
  EXPECT_EQ(grown.back(), 'x');
}

}  // namespace
