// Records timing noise of this machine for bench/detection_quality_bench: times one small
// workload again and again and prints one wall time in nanoseconds per line. Run it and keep its
// output in bench/data with a note of when and where (see bench/data/README.md):
//   build/bench/record_noise 3000 sort_100k > bench/data/noise_sort_100k.txt
// Workloads, each on fixed pseudo-random input so that only the machine varies:
//   sort_100k       std::sort of 100,000 integers (CPU, branchy)
//   hash_map_100k   100,000 inserts into a std::unordered_map, then as many lookups (memory)
//   alloc_10k       10,000 strings of 10 to 1,000 bytes allocated and freed (allocator)
//   matmul_128      a 128 x 128 double matrix product (floating point, cache)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

// One run of a workload; returns a number derived from its result so that it is not optimised
// away.
using Workload = std::function<long()>;

Workload sort_100k() {
  std::mt19937_64 random(42);
  auto input = std::make_shared<std::vector<int>>(100'000);
  for (auto& value : *input) value = static_cast<int>(random() >> 33);
  return [input] {
    auto work = *input;
    std::sort(work.begin(), work.end());
    return static_cast<long>(work[work.size() / 2]);
  };
}

Workload hash_map_100k() {
  std::mt19937_64 random(42);
  auto keys = std::make_shared<std::vector<std::uint64_t>>(100'000);
  for (auto& key : *keys) key = random();
  return [keys] {
    std::unordered_map<std::uint64_t, std::uint64_t> map;
    for (const auto key : *keys) map[key] = key >> 7;
    long found = 0;
    for (const auto key : *keys) found += static_cast<long>(map.count(key ^ 1) + map.count(key));
    return found;
  };
}

Workload alloc_10k() {
  std::mt19937_64 random(42);
  auto sizes = std::make_shared<std::vector<std::size_t>>(10'000);
  for (auto& size : *sizes) size = 10 + random() % 991;
  return [sizes] {
    std::vector<std::string> strings;
    strings.reserve(sizes->size());
    for (const auto size : *sizes) strings.emplace_back(size, 'x');
    long total = 0;
    for (const auto& text : strings) total += static_cast<long>(text.size());
    return total;
  };
}

Workload matmul_128() {
  constexpr std::size_t n = 128;
  std::mt19937_64 random(42);
  auto a = std::make_shared<std::vector<double>>(n * n);
  for (auto& value : *a) value = static_cast<double>(random() % 1000) / 1000;
  return [a] {
    std::vector<double> c(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t k = 0; k < n; ++k) {
        const double left = (*a)[i * n + k];
        for (std::size_t j = 0; j < n; ++j) c[i * n + j] += left * (*a)[k * n + j];
      }
    }
    return static_cast<long>(c[n * n / 2] * 1000);
  };
}

}  // namespace

int main(int argc, char** argv) {
  const long runs = argc > 1 ? std::atol(argv[1]) : 3000;
  const std::string name = argc > 2 ? argv[2] : "sort_100k";
  Workload workload;
  if (name == "sort_100k") workload = sort_100k();
  if (name == "hash_map_100k") workload = hash_map_100k();
  if (name == "alloc_10k") workload = alloc_10k();
  if (name == "matmul_128") workload = matmul_128();
  if (runs < 1 || !workload) {
    std::fprintf(stderr,
                 "usage: record_noise [RUNS] [sort_100k|hash_map_100k|alloc_10k|matmul_128]\n");
    return 2;
  }
  long checksum = 0;
  for (long run = 0; run < runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    checksum += workload();
    const auto stop = std::chrono::steady_clock::now();
    std::printf("%lld\n",
                static_cast<long long>(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count()));
  }
  std::fprintf(stderr, "checksum %ld\n", checksum);
  return 0;
}
