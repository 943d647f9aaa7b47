// ab: running the two sides of an A/B session through the runner (see wilcoxon.hpp for what the
// folder owns): the units (one command, or the instances of a suite, each with a base and a
// candidate version), the series each reports, and the measure function the adaptive rounds call.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ab/adaptive.hpp"
#include "core/measure.hpp"
#include "runner/matrix.hpp"

namespace perfwatch::runner {
class Executor;
class Progress;
}  // namespace perfwatch::runner

namespace perfwatch::ab {

// One thing to run on both sides: a timed command (one series: its wall time) or a harness
// (adapter set: one series per benchmark and measure it reports).
struct Unit {
  std::string name;
  runner::Instance base, candidate;
};

// Two shell command lines (run by /bin/sh -c in `cwd`) as one unit named `name`; `adapter`
// non-empty makes it a harness whose standard output that adapter reads.
Unit command_unit(const std::string& name, const std::string& base_command,
                  const std::string& candidate_command, const std::string& adapter,
                  const std::filesystem::path& cwd);

// The suite's instances (those named in `only`, by benchmark name or instance id, when it is not
// empty), each run in both worktrees: an instance's folder, relative to `repo`, is taken inside
// `base_tree` and `candidate_tree`. Throws InputError naming a name in `only` that matches none.
std::vector<Unit> suite_units(const std::vector<runner::Instance>& instances,
                              const std::vector<std::string>& only,
                              const std::filesystem::path& repo,
                              const std::filesystem::path& base_tree,
                              const std::filesystem::path& candidate_tree);

// A series: what one value of a unit's run is. name: the unit's name for a timed command,
// "BENCHMARK[/params] MEASURE" for a harness's values.
struct SeriesInfo {
  int unit = 0;
  std::string name;
  std::string benchmark;
  std::string params_json = "{}";
  Measure measure;
};

class PairedSession {
 public:
  // `timed`: the series of a timed command, its wall time (measures::latency) or its CPU time
  // (measures::cpu_time: user + system, which waiting for a busy CPU does not lengthen).
  explicit PairedSession(std::vector<Unit> units, const Measure& timed = measures::latency);
  ~PairedSession();
  PairedSession(const PairedSession&) = delete;
  PairedSession& operator=(const PairedSession&) = delete;

  // Runs each unit once per side (a warm-up whose values are dropped) and learns its series:
  // the latency of a timed command, every metric both sides of a harness report. Throws
  // InputError naming the unit, the side and the failure when a warm-up run fails.
  void warm_up();
  const std::vector<SeriesInfo>& series() const { return series_; }
  std::vector<int> series_per_unit() const;
  // Runs one side of one unit once: its values in series order, or the failure.
  Measurement measure(int unit, Side side);
  const std::vector<Unit>& units() const { return units_; }

 private:
  std::vector<Unit> units_;
  Measure timed_;
  std::vector<SeriesInfo> series_;
  std::unique_ptr<runner::Progress> progress_;
  std::unique_ptr<runner::Executor> executor_;
};

}  // namespace perfwatch::ab
