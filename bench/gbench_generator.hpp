// A large, deterministic Google Benchmark JSON document laid out as the library writes it
// (--benchmark_format=json): the context object, then families of runs with real_time, cpu_time,
// iterations and time_unit, some with bytes_per_second, items_per_second, a label and user
// counters, some repeated with mean/median/stddev/cv aggregates.
#pragma once

#include <cstdint>
#include <string>

namespace perfwatch::bench {

struct GbenchDocument {
  std::string text;
  uint64_t entries = 0;  // objects in "benchmarks"
  uint64_t metrics = 0;  // metrics the adapter should hand over (one per run name and measure)
};

// A document of at least `min_bytes` bytes.
GbenchDocument gbench_document(uint64_t min_bytes);

}  // namespace perfwatch::bench
