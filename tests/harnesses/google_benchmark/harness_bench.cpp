// A small Google Benchmark program whose real output the adapter tests ingest. It exercises
// every field the adapters map: bytes and items per second, plain and rate user counters, an
// Arg range, and a benchmark that fails with SkipWithError.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <vector>

namespace {

void BM_Copy(benchmark::State& state) {
  const auto size = static_cast<std::size_t>(state.range(0));
  std::vector<char> source(size, 'x');
  std::vector<char> target(size);
  for (auto _ : state) {
    std::memcpy(target.data(), source.data(), size);
    benchmark::DoNotOptimize(target.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Copy)->RangeMultiplier(8)->Range(64, 4096);

void BM_Sort(benchmark::State& state) {
  std::vector<int> values(static_cast<std::size_t>(state.range(0)));
  int64_t comparisons = 0;
  for (auto _ : state) {
    std::iota(values.rbegin(), values.rend(), 0);
    std::sort(values.begin(), values.end(), [&](int a, int b) {
      ++comparisons;
      return a < b;
    });
    benchmark::DoNotOptimize(values.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
  state.counters["elements"] = static_cast<double>(values.size());
  state.counters["comparisons"] =
      benchmark::Counter(static_cast<double>(comparisons), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Sort)->Arg(1000);

void BM_Fails(benchmark::State& state) {
  for (auto _ : state) {
    state.SkipWithError("resource unavailable");
    break;
  }
}
BENCHMARK(BM_Fails);

}  // namespace

BENCHMARK_MAIN();
