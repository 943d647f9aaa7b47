// The helpers that write the site's data files: numbers JavaScript reads back exactly, and the
// script wrapper that stores JSON under a key.
#include "report/js_data.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "report/parallel.hpp"
#include "support/test_support.hpp"

namespace perfwatch::report {
namespace {

TEST(JsData, NumbersAreShortestExactTextAndNonFiniteIsNull) {
  std::string out;
  const double values[] = {100,
                           0.1,
                           1e21,
                           -2.5,
                           std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity()};
  append_numbers(out, values);
  EXPECT_EQ(out, "[100,0.1,1e+21,-2.5,null,null]");
}

TEST(JsData, IntegersAndStrings) {
  std::string out;
  const int32_t values[] = {0, -3, 42};
  append_integers(out, values);
  out += ' ';
  append_string(out, "a \"quoted\" </script>\n");
  EXPECT_EQ(out, R"([0,-3,42] "a \"quoted\" </script>\n")");
}

TEST(JsData, FileStoresTheJsonUnderItsKey) {
  testing::ScratchDir dir;
  write_js_data(dir / "x.js", "b12", R"({"v":[1,2]})");
  EXPECT_EQ(testing::read_file(dir / "x.js"),
            "(window.PW_DATA=window.PW_DATA||{})[\"b12\"]={\"v\":[1,2]};\n");
}

TEST(ParallelFor, RunsEveryIndexOnceAndRethrows) {
  std::vector<int> seen(1000, 0);
  parallel_for(seen.size(), [&](std::size_t i) { ++seen[i]; });
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), 1000);
  EXPECT_THROW(parallel_for(100,
                            [](std::size_t i) {
                              if (i == 37) throw std::runtime_error("job 37");
                            }),
               std::runtime_error);
}

}  // namespace
}  // namespace perfwatch::report
