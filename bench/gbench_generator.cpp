#include "gbench_generator.hpp"

#include <fmt/format.h>

#include <iterator>
#include <vector>

namespace perfwatch::bench {
namespace {

// SplitMix64, as in bmf_generator: the same index gives the same numbers everywhere.
uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double unit_draw(uint64_t index, uint64_t salt) {
  return static_cast<double>(mix(index * 16 + salt) >> 11) * 0x1.0p-53;
}

constexpr const char* kContext = R"({
  "context": {
    "date": "2026-11-22T12:02:03+00:00",
    "host_name": "bench-machine",
    "executable": "./build/bench/codec_bench",
    "num_cpus": 2,
    "mhz_per_cpu": 2096,
    "cpu_scaling_enabled": false,
    "caches": [
      {
        "type": "Data",
        "level": 1,
        "size": 49152,
        "num_sharing": 1
      },
      {
        "type": "Unified",
        "level": 2,
        "size": 2097152,
        "num_sharing": 1
      }
    ],
    "load_avg": [0.117676,0.28125,0.178711],
    "library_version": "v1.8.3",
    "library_build_type": "release",
    "json_schema_version": 1
  },
  "benchmarks": [
)";

constexpr const char* kFamilies[] = {"BM_Encode",     "BM_Decode",   "BM_HashMapInsert",
                                     "BM_SortVector", "BM_Tokenize", "BM_Compress"};
constexpr const char* kUnits[] = {"ns", "ns", "us", "ms"};
constexpr const char* kCounters[] = {"cache_misses", "branch_misses", "allocations"};

struct Run {
  std::string name;  // run_name
  uint64_t family = 0;
  uint64_t instance = 0;
  uint64_t repetitions = 1;
  const char* unit = "ns";
  bool bytes_rate = false;
  bool items_rate = false;
  uint64_t counters = 0;  // how many of kCounters it reports
  bool label = false;
};

// Writes one entry of `run`; aggregate is "" for an iteration run.
void write_entry(std::string& text, const Run& run, uint64_t repetition, std::string_view aggregate,
                 uint64_t seed) {
  auto out = std::back_inserter(text);
  const bool is_aggregate = !aggregate.empty();
  const std::string name = is_aggregate ? run.name + "_" + std::string(aggregate) : run.name;
  fmt::format_to(out,
                 "    {{\n      \"name\": \"{}\",\n      \"family_index\": {},\n"
                 "      \"per_family_instance_index\": {},\n      \"run_name\": \"{}\",\n"
                 "      \"run_type\": \"{}\",\n      \"repetitions\": {},\n",
                 name, run.family, run.instance, run.name, is_aggregate ? "aggregate" : "iteration",
                 run.repetitions);
  if (!is_aggregate) fmt::format_to(out, "      \"repetition_index\": {},\n", repetition);
  text += "      \"threads\": 1,\n";
  if (is_aggregate) {
    fmt::format_to(out, "      \"aggregate_name\": \"{}\",\n      \"aggregate_unit\": \"{}\",\n",
                   aggregate, aggregate == "cv" ? "percentage" : "time");
  }
  const bool ratio = aggregate == "cv";
  const double scale = ratio ? 0.01 : aggregate == "stddev" ? 0.5 : 100.0;
  const double real_time = scale * (1 + unit_draw(seed, 0));
  fmt::format_to(out,
                 "      \"iterations\": {},\n      \"real_time\": {:.16e},\n"
                 "      \"cpu_time\": {:.16e},\n      \"time_unit\": \"{}\"",
                 is_aggregate ? run.repetitions : 1000 + mix(seed) % 9'000'000, real_time,
                 real_time * (0.98 + 0.02 * unit_draw(seed, 1)), run.unit);
  if (run.bytes_rate) {
    fmt::format_to(out, ",\n      \"bytes_per_second\": {:.16e}", 1e9 * (1 + unit_draw(seed, 2)));
  }
  if (run.items_rate) {
    fmt::format_to(out, ",\n      \"items_per_second\": {:.16e}", 1e7 * (1 + unit_draw(seed, 3)));
  }
  for (uint64_t counter = 0; counter < run.counters; ++counter) {
    fmt::format_to(out, ",\n      \"{}\": {:.16e}", kCounters[counter],
                   1e3 * (1 + unit_draw(seed, 4 + counter)));
  }
  if (run.label) fmt::format_to(out, ",\n      \"label\": \"input:{}\"", run.instance % 7);
  text += "\n    }";
}

}  // namespace

GbenchDocument gbench_document(uint64_t min_bytes) {
  GbenchDocument document;
  auto& text = document.text;
  text.reserve(min_bytes + (1 << 20));
  text += kContext;
  uint64_t seed = 0;
  for (uint64_t index = 0; text.size() < min_bytes; ++index) {
    Run run;
    run.family = index / 64;
    run.instance = index % 64;
    run.name = fmt::format("{}/{}/{}", kFamilies[run.family % 6], 8u << (run.instance % 12),
                           run.family * 64 + run.instance);
    run.repetitions = run.family % 4 == 0 ? 3 : 1;
    run.unit = kUnits[index % 4];
    run.bytes_rate = index % 2 == 0;
    run.items_rate = index % 3 == 0;
    run.counters = index % 4;
    run.label = index % 5 == 0;
    document.metrics += 2 + run.bytes_rate + run.items_rate + run.counters;

    std::vector<std::string_view> aggregates;
    if (run.repetitions > 1) aggregates = {"mean", "median", "stddev", "cv"};
    for (uint64_t repetition = 0; repetition < run.repetitions; ++repetition) {
      if (document.entries > 0) text += ",\n";
      write_entry(text, run, repetition, "", seed++);
      ++document.entries;
    }
    for (auto aggregate : aggregates) {
      text += ",\n";
      write_entry(text, run, 0, aggregate, seed++);
      ++document.entries;
    }
  }
  text += "\n  ]\n}\n";
  return document;
}

}  // namespace perfwatch::bench
