// The workload of bench/ab_bench and bench/ab_bisect_bench: a loop of integer work whose length
// is its first argument (thousands of steps) grown by its second (a slowdown in percent), so a
// side can be made exactly x % slower. A file name as first argument reads the count from it
// (the generated repositories of the bisect bench keep it in a file).
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: ab_workload THOUSANDS|FILE [SLOWDOWN_PERCENT]\n";
    return 2;
  }
  std::string first = argv[1];
  if (std::ifstream file{first}; file) file >> first;
  const double thousands = std::strtod(first.c_str(), nullptr);
  const double slowdown = argc > 2 ? std::strtod(argv[2], nullptr) : 0.0;
  const auto steps = static_cast<std::uint64_t>(thousands * 1000 * (1 + slowdown / 100));
  // A xorshift chain: each step depends on the one before, so the compiler cannot shorten it.
  std::uint64_t x = 88172645463325252ULL;
  for (std::uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x == 42 ? 1 : 0;
}
