// Runs selected benchmark instances: setup, warm-up, timed runs by the plan, teardown; harness
// benchmarks once, their output read by an adapter; failures recorded, not timed.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/counters.hpp"
#include "runner/matrix.hpp"
#include "runner/profile.hpp"
#include "runner/progress.hpp"
#include "runner/results.hpp"
#include "runner/sampler.hpp"
#include "runner/spawn.hpp"

namespace perfwatch::runner {

// time: wall, CPU and memory from wait4. counters: also hardware counters (when the kernel
// allows). instructions: instructions counted by valgrind's callgrind (slow, but the same on
// every run, for comparisons on noisy CI machines).
enum class MeasureMode { time, counters, instructions };
std::optional<MeasureMode> parse_measure_mode(std::string_view text);
std::string_view to_string(MeasureMode mode);

struct ExecutorOptions {
  RunPlan plan;
  MeasureMode mode = MeasureMode::time;
  bool fail_fast = false;                          // stop at the first failed benchmark
  std::chrono::milliseconds sample_interval{100};  // 0: no resource sampling
  WarningLimits limits;
};

class Executor {
 public:
  // Throws InputError when the mode needs what is missing (valgrind for instructions).
  Executor(ExecutorOptions options, Progress& progress);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  ~Executor();

  // Runs every instance in order; with fail_fast, stops after the first that failed.
  std::vector<InstanceResult> run_all(const std::vector<Instance>& instances);
  InstanceResult run(const Instance& instance);
  // Notes about the whole run, e.g. why there are no hardware counters.
  const std::vector<std::string>& notes() const { return notes_; }
  bool samples_gpu() const { return sampler_.has_gpu(); }

 private:
  void run_timed(const Instance& instance, const ProcessSpec& process, InstanceResult& result);
  void run_instructions(const Instance& instance, ProcessSpec process, InstanceResult& result);
  void run_harness(const Instance& instance, ProcessSpec process, InstanceResult& result);

  ExecutorOptions options_;
  Progress& progress_;
  ResourceSampler sampler_;
  std::unique_ptr<HardwareCounters> counters_;
  std::vector<std::string> notes_;
  bool rss_unmeasured_noted_ = false;
};

// The number of instructions in callgrind output files' "summary:" lines, summed (one file per
// process); empty when there is none.
std::optional<double> callgrind_instructions(const std::vector<std::string>& file_texts);

}  // namespace perfwatch::runner
