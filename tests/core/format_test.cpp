#include "core/format.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace perfwatch {
namespace {

TEST(Format, ThreeSignificantDigits) {
  EXPECT_EQ(three_digits(12.345), "12.3");
  EXPECT_EQ(three_digits(1.2345), "1.23");
  EXPECT_EQ(three_digits(0.5), "0.500");
  EXPECT_EQ(three_digits(123.456), "123");
  EXPECT_EQ(three_digits(1234.5), "1234");  // integer digits are never dropped
  EXPECT_EQ(three_digits(9.996), "10.0");
  EXPECT_EQ(three_digits(42), "42");
  EXPECT_EQ(three_digits(-2.5), "-2.50");
  EXPECT_EQ(three_digits(0), "0");
  EXPECT_EQ(three_digits(NAN), "nan");
  EXPECT_EQ(three_digits(-INFINITY), "-inf");
}

TEST(Format, NanosecondsScaleToMicroMilliAndSeconds) {
  EXPECT_EQ(humanise(12, "ns"), "12 ns");
  EXPECT_EQ(humanise(12.345, "ns"), "12.3 ns");
  EXPECT_EQ(humanise(1234.5, "ns"), "1.23 µs");
  EXPECT_EQ(humanise(1000, "ns"), "1.00 µs");
  EXPECT_EQ(humanise(999.96, "ns"), "1.00 µs");
  EXPECT_EQ(humanise(2.5e6, "ns"), "2.50 ms");
  EXPECT_EQ(humanise(3.21e9, "ns"), "3.21 s");
  EXPECT_EQ(humanise(125e9, "ns"), "125 s");
  EXPECT_EQ(humanise(0, "ns"), "0 ns");
  EXPECT_EQ(humanise(-1500, "ns"), "-1.50 µs");
}

TEST(Format, BytesScaleByPowersOf1024) {
  EXPECT_EQ(humanise(1023, "bytes"), "1023 B");
  EXPECT_EQ(humanise(1024, "bytes"), "1.00 KiB");
  EXPECT_EQ(humanise(1536, "bytes"), "1.50 KiB");
  EXPECT_EQ(humanise(3.5 * 1024 * 1024, "bytes"), "3.50 MiB");
  EXPECT_EQ(humanise(8.0 * 1024 * 1024 * 1024, "bytes"), "8.00 GiB");
  EXPECT_EQ(humanise(2048, "B/op"), "2.00 KiB/op");
}

TEST(Format, BytesPerSecondScaleToMebibytesPerSecond) {
  EXPECT_EQ(humanise(500, "B/s"), "500 B/s");
  EXPECT_EQ(humanise(123.4 * 1024 * 1024, "B/s"), "123 MiB/s");
  EXPECT_EQ(humanise(1.25 * 1024 * 1024 * 1024, "B/s"), "1.25 GiB/s");
}

TEST(Format, CountsScaleByThousands) {
  EXPECT_EQ(humanise(999, "ops/s"), "999 ops/s");
  EXPECT_EQ(humanise(1234, "ops/s"), "1.23k ops/s");
  EXPECT_EQ(humanise(5.6e6, "items/s"), "5.60M items/s");
  EXPECT_EQ(humanise(7e9, "count"), "7.00G count");
  EXPECT_EQ(humanise(0.25, "allocs/op"), "0.250 allocs/op");
  EXPECT_EQ(humanise(0, "ops/s"), "0 ops/s");
  EXPECT_EQ(humanise(12500, ""), "12.5k");
}

}  // namespace
}  // namespace perfwatch
