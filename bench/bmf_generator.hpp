// A large, deterministic Bencher Metric Format input: many benchmarks, each with the same few
// measures (three perfwatch knows, one custom with its own units and direction), every value with
// lower and upper bounds. The raw appender baseline stores the very same rows.
#pragma once

#include <cstdint>
#include <string>

namespace perfwatch::bench {

inline constexpr uint64_t kBmfMeasuresPerBenchmark = 4;
// Slugs in the order each benchmark lists them; the last is a custom measure.
inline constexpr const char* kBmfMeasureSlugs[kBmfMeasuresPerBenchmark] = {
    "latency", "throughput", "peak_rss", "cache_misses"};

struct BmfValue {
  double value = 0;
  double lower = 0;
  double upper = 0;
};

// Name of benchmark number `index`, e.g. "suite_07/parse_json/size:4096/case_000123".
std::string bmf_benchmark_name(uint64_t index);
// The value of measure `measure` (an index into kBmfMeasureSlugs) of benchmark `index`.
BmfValue bmf_value(uint64_t index, uint64_t measure);
// The whole BMF document for `benchmarks` benchmarks (kBmfMeasuresPerBenchmark metrics each).
std::string bmf_document(uint64_t benchmarks);

}  // namespace perfwatch::bench
