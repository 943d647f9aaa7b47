#include "sampler_cost.hpp"

#include <filesystem>

#include "bench_support.hpp"
#include "runner/sampler.hpp"
#include "runner/spawn.hpp"

namespace perfwatch::bench {

SamplerCost sampler_cost(int interval_ms) {
  using namespace perfwatch::runner;
  ResourceSampler sampler{std::chrono::milliseconds(interval_ms)};
  ProcessSpec spec;
  spec.argv = {"sleep", "2"};
  spec.cwd = std::filesystem::current_path();
  spec.env = environment_with({});
  RunHooks hooks;
  hooks.started = [&](pid_t pid) { sampler.watch(pid); };
  hooks.finished = [&] { sampler.watch(0); };
  const double cpu_before = cpu_seconds();
  Stopwatch watch;
  sampler.start();
  run_process(spec, hooks);
  const auto samples = sampler.stop();
  SamplerCost cost;
  cost.cpu_percent = 100 * (cpu_seconds() - cpu_before) / watch.seconds();
  cost.samples = samples.size();
  if (!samples.empty()) cost.gpus = samples.back().gpus.size();
  return cost;
}

}  // namespace perfwatch::bench
