#include "bmf_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <vector>

namespace perfwatch::bench {
namespace {

// SplitMix64: a fixed mixing function, so the same index gives the same numbers everywhere.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A number in [0, 1) drawn from (index, salt).
double unit_draw(uint64_t index, uint64_t salt) {
  return static_cast<double>(mix(index * 8 + salt) >> 11) * 0x1.0p-53;
}

constexpr const char* kOperations[] = {"parse_json", "render_html", "compress", "hash_sha256",
                                       "sort_ints",  "query_index", "tokenize", "resize_image"};
// Typical magnitude of each measure: ns, ops/s, bytes, then counts for the custom ones.
constexpr double kScale[] = {2.5e4, 4.0e7, 6.4e7, 1.2e3};
constexpr uint64_t kKnownMeasures = 3;  // latency, throughput, peak_rss

}  // namespace

std::string bmf_benchmark_name(uint64_t index) {
  return fmt::format("suite_{:02}/{}/size:{}/case_{:06}", index % 37, kOperations[index % 8],
                     64u << (index % 11), index);
}

std::string bmf_measure_slug(uint64_t measure) {
  constexpr const char* kFirst[] = {"latency", "throughput", "peak_rss", "cache_misses"};
  return measure < std::size(kFirst) ? kFirst[measure] : fmt::format("custom_{:03}", measure);
}

BmfValue bmf_value(uint64_t index, uint64_t measure) {
  const double scale = kScale[std::min<uint64_t>(measure, std::size(kScale) - 1)];
  const double centre = scale * (0.5 + unit_draw(index, measure));
  const double spread = centre * 0.05 * unit_draw(index, measure + 4);
  // Rounded to six significant digits, as harnesses usually print them.
  auto round6 = [](double x) { return std::stod(fmt::format("{:.6g}", x)); };
  return {round6(centre), round6(centre - spread), round6(centre + spread)};
}

std::string bmf_document(uint64_t benchmarks, uint64_t measures) {
  std::vector<std::string> slugs;
  for (uint64_t measure = 0; measure < measures; ++measure) {
    slugs.push_back(bmf_measure_slug(measure));
  }
  std::string text;
  text.reserve(benchmarks * (60 + 75 * measures));
  auto out = std::back_inserter(text);
  text += "{\n";
  for (uint64_t index = 0; index < benchmarks; ++index) {
    fmt::format_to(out, "  \"{}\": {{\n", bmf_benchmark_name(index));
    for (uint64_t measure = 0; measure < measures; ++measure) {
      const auto value = bmf_value(index, measure);
      fmt::format_to(out, "    \"{}\": {{\"value\": {}, \"lower_value\": {}, \"upper_value\": {}",
                     slugs[measure], value.value, value.lower, value.upper);
      if (measure >= kKnownMeasures) text += ", \"units\": \"count\", \"direction\": \"lower\"";
      text += measure + 1 < measures ? "},\n" : "}\n";
    }
    text += index + 1 < benchmarks ? "  },\n" : "  }\n";
  }
  text += "}\n";
  return text;
}

}  // namespace perfwatch::bench
