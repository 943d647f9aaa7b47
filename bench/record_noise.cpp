// Records timing noise of this machine for bench/detection_quality_bench: times the same small
// workload (sorting a fixed pseudo-random array of 100,000 integers) again and again and prints
// one wall time in nanoseconds per line. Run it once and keep its output in bench/data with a
// note of when and where (see bench/data/README.md):
//   build-detect/bench/record_noise 3000 > bench/data/noise_sort_100k.txt
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  const long runs = argc > 1 ? std::atol(argv[1]) : 3000;
  if (runs < 1) {
    std::fprintf(stderr, "usage: record_noise [RUNS]\n");
    return 2;
  }
  std::mt19937_64 random(42);
  std::vector<int> input(100'000);
  for (auto& value : input) value = static_cast<int>(random() >> 33);
  std::vector<int> work;
  long checksum = 0;  // keeps the sort from being optimised away
  for (long run = 0; run < runs; ++run) {
    work = input;
    const auto start = std::chrono::steady_clock::now();
    std::sort(work.begin(), work.end());
    const auto stop = std::chrono::steady_clock::now();
    checksum += work[static_cast<std::size_t>(run) % work.size()];
    std::printf("%lld\n", static_cast<long long>(
                              std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start)
                                  .count()));
  }
  std::fprintf(stderr, "checksum %ld\n", checksum);
  return 0;
}
