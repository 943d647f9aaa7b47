#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

static void BM_StringConcat(benchmark::State& state) {
  const std::string piece(static_cast<size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    std::string joined;
    for (int i = 0; i < 16; ++i) joined += piece;
    benchmark::DoNotOptimize(joined);
  }
  state.SetBytesProcessed(state.iterations() * state.range(0) * 16);
}
BENCHMARK(BM_StringConcat)->Arg(64)->Arg(4096);

static void BM_SortInts(benchmark::State& state) {
  std::vector<int> values(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    std::iota(values.rbegin(), values.rend(), 0);
    std::sort(values.begin(), values.end());
    benchmark::DoNotOptimize(values.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SortInts)->Arg(1024)->Arg(65536);
BENCHMARK_MAIN();
