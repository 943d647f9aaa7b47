// Parsing a large Google Benchmark JSON file into a sink that keeps nothing: the adapter's own
// speed, without the store. Also times simdjson's parse alone (the floor under the adapter).
// Each run is a fresh child process, so its peak RSS is its own.
//   gbench_parse_bench [--megabytes=50] [--runs=3]
#include <fmt/format.h>

#include <iostream>
#include <stdexcept>

#include "adapters/adapter.hpp"
#include "adapters/json_input.hpp"
#include "bench_support.hpp"
#include "gbench_generator.hpp"

namespace perfwatch::bench {
namespace {

class CountingSink final : public MetricSink {
 public:
  void add(const MetricRecord&) override { ++count; }
  void set_tool_version(std::string_view) override {}
  uint64_t count = 0;
};

enum Figure { kRead, kDomOnly, kAdapter, kRss };

std::vector<double> measure(const std::string& input_path, uint64_t metrics) {
  std::vector<double> figures(kRss + 1);
  Stopwatch clock;
  const InputFile input = read_input_file(input_path);
  figures[kRead] = clock.seconds();
  clock.restart();
  { JsonInput dom(input); }
  figures[kDomOnly] = clock.seconds();
  const Adapter* adapter = find_adapter("google_benchmark_json");
  if (adapter == nullptr || !adapter->detect(input)) {
    throw std::runtime_error("the generated file is not detected as Google Benchmark JSON");
  }
  CountingSink sink;
  clock.restart();
  adapter->parse(input, sink);
  figures[kAdapter] = clock.seconds();
  if (sink.count != metrics) {
    throw std::runtime_error(fmt::format("parsed {} metrics, expected {}", sink.count, metrics));
  }
  figures[kRss] = static_cast<double>(peak_rss_bytes());
  return figures;
}

int run(int argc, char** argv) {
  Flags flags(argc, argv);
  const auto megabytes = flags.number("megabytes", 50);
  const auto runs = flags.number("runs", 3);
  flags.reject_unknown("--megabytes=N, --runs=N");

  std::cout << fmt::format("fresh memory first touch: {:.0f} MB/s\n", fresh_memory_mb_per_s());
  TempDir dir;
  const auto input_path = (dir / "input.gbench.json").string();
  uint64_t metrics = 0;
  double megabytes_written = 0;
  {
    const auto document = gbench_document(megabytes * 1'000'000);
    write_file(input_path, document.text);
    metrics = document.metrics;
    megabytes_written = static_cast<double>(document.text.size()) / 1e6;
    std::cout << fmt::format("gbench input: {} entries, {} metrics, {:.1f} MB\n", document.entries,
                             metrics, megabytes_written);
  }

  std::vector<double> adapter_rates, dom_rates;
  for (uint64_t run = 1; run <= runs; ++run) {
    const auto figures = run_in_child([&] { return measure(input_path, metrics); });
    adapter_rates.push_back(megabytes_written / figures[kAdapter]);
    dom_rates.push_back(megabytes_written / figures[kDomOnly]);
    std::cout << fmt::format(
        "run {}/{}: gbench_parse: {:.1f} MB in {:.3f} s = {:.0f} MB/s, {} metrics, peak RSS "
        "{:.0f} MiB (simdjson DOM alone {:.3f} s = {:.0f} MB/s; file read {:.3f} s)\n",
        run, runs, megabytes_written, figures[kAdapter], adapter_rates.back(), metrics,
        figures[kRss] / kMiB, figures[kDomOnly], dom_rates.back(), figures[kRead]);
  }
  const auto adapter = spread(adapter_rates);
  const auto dom = spread(dom_rates);
  std::cout << fmt::format(
      "summary\ngbench_parse: {:.1f} MB over {} runs: min {:.0f} MB/s, median {:.0f} MB/s\n"
      "gbench_simdjson_dom: min {:.0f} MB/s, median {:.0f} MB/s\n",
      megabytes_written, runs, adapter.min, adapter.median, dom.min, dom.median);
  return 0;
}

}  // namespace
}  // namespace perfwatch::bench

int main(int argc, char** argv) {
  try {
    return perfwatch::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "gbench_parse_bench: " << error.what() << "\n";
    return 3;
  }
}
