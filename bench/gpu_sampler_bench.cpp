// The CPU cost of sampling GPU state: the resource sampler's own CPU time while it watches a
// sleeping process, as a share of one core, with NVML present against without it, at the
// default interval (100 ms) and at 10 ms. NVML is the library PERFWATCH_NVML_LIBRARY names, else
// libnvidia-ml.so.1: on a machine without a GPU, point it at the tests' stub NVML
// (build/tests/libstub_nvml.so), whose calls return constants at once, so the figure is
// perfwatch's side of the cost only; a real driver's calls take longer. STUB_NVML_DEVICES sets
// the stub's GPU count (a real NVML ignores it). Rounds alternate the settings; medians printed.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "integrations/nvml_library.hpp"
#include "sampler_cost.hpp"

namespace {

constexpr int kRounds = 5;

// The sampler's cost while it opens NVML from `library` (empty: none).
perfwatch::bench::SamplerCost measure(int interval_ms, const std::string& library) {
  if (library.empty()) {
    setenv("PERFWATCH_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", 1);
  } else {
    setenv("PERFWATCH_NVML_LIBRARY", library.c_str(), 1);
  }
  return perfwatch::bench::sampler_cost(interval_ms);
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main() {
  const std::string library = perfwatch::nvml::Library::default_path();
  if (!perfwatch::nvml::Library(library).available()) {
    std::fprintf(stderr,
                 "%s cannot be opened: set PERFWATCH_NVML_LIBRARY (e.g. to "
                 "build/tests/libstub_nvml.so)\n",
                 library.c_str());
    return 1;
  }
  std::printf("NVML: %s\n", library.c_str());
  struct Setting {
    int interval_ms;
    const char* devices;  // STUB_NVML_DEVICES; nullptr: no NVML
  };
  const std::vector<Setting> settings = {{100, nullptr}, {100, "1"}, {100, "8"},
                                         {10, nullptr},  {10, "1"},  {10, "8"}};
  std::vector<std::vector<double>> percent(settings.size());
  std::vector<double> baseline;
  std::vector<perfwatch::bench::SamplerCost> last(settings.size());
  for (int round = 0; round < kRounds; ++round) {
    baseline.push_back(measure(0, "").cpu_percent);
    for (std::size_t i = 0; i < settings.size(); ++i) {
      if (settings[i].devices) setenv("STUB_NVML_DEVICES", settings[i].devices, 1);
      last[i] = measure(settings[i].interval_ms, settings[i].devices ? library : "");
      percent[i].push_back(last[i].cpu_percent);
    }
  }
  const double idle = median(baseline);
  std::printf("without a sampler: %.3f%% of one core (median of %d rounds of 2 s)\n", idle,
              kRounds);
  for (std::size_t i = 0; i < settings.size(); ++i) {
    const double with = median(percent[i]);
    std::printf(
        "sampling every %3d ms, %zu GPU%s: %.3f%% of one core above no sampler (%.3f%% in all; "
        "%zu samples in 2 s)\n",
        settings[i].interval_ms, last[i].gpus, last[i].gpus == 1 ? "" : "s", with - idle, with,
        last[i].samples);
  }
  return 0;
}
