// A Catch2 2.x benchmark program whose real XML output (-r xml) the catch2_xml adapter tests
// read: one benchmark directly in a test case, two inside nested sections.
#define CATCH_CONFIG_MAIN
#define CATCH_CONFIG_ENABLE_BENCHMARKING
#include <catch2/catch.hpp>
#include <numeric>
#include <vector>

namespace {

unsigned fibonacci(unsigned n) { return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2); }

}  // namespace

TEST_CASE("Fibonacci") {
  BENCHMARK("fib 10") { return fibonacci(10); };
  SECTION("deeper") {
    BENCHMARK("fib 15") { return fibonacci(15); };
  }
}

TEST_CASE("Vector sum") {
  SECTION("ints") {
    SECTION("1000") {
      std::vector<int> values(1000, 1);
      BENCHMARK("accumulate") { return std::accumulate(values.begin(), values.end(), 0); };
    }
  }
}
