// A large, deterministic Bencher Metric Format input: many benchmarks, each with the same
// measures (by default four: three perfwatch knows, one custom with its own units and
// direction; more measures are further custom ones), every value with lower and upper bounds.
// The raw appender baseline stores the very same rows.
#pragma once

#include <cstdint>
#include <string>

namespace perfwatch::bench {

inline constexpr uint64_t kBmfMeasuresPerBenchmark = 4;

// Slug of measure number `measure` in the order each benchmark lists them: latency,
// throughput, peak_rss, then custom ones (cache_misses, custom_004, custom_005, ...).
std::string bmf_measure_slug(uint64_t measure);

struct BmfValue {
  double value = 0;
  double lower = 0;
  double upper = 0;
};

// Name of benchmark number `index`, e.g. "suite_07/parse_json/size:4096/case_000123".
std::string bmf_benchmark_name(uint64_t index);
// The value of measure number `measure` of benchmark `index`.
BmfValue bmf_value(uint64_t index, uint64_t measure);
// The whole BMF document for `benchmarks` benchmarks, `measures` metrics each.
std::string bmf_document(uint64_t benchmarks, uint64_t measures = kBmfMeasuresPerBenchmark);

}  // namespace perfwatch::bench
