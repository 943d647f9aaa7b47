// Progress of a run for people: a line redrawn in place on a terminal (benchmark i of n, run j,
// ETA), plain lines when piped or in CI, nothing with --quiet.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "runner/results.hpp"

namespace perfwatch::runner {

class Progress {
 public:
  virtual ~Progress() = default;
  virtual void benchmark_started(std::size_t index, std::size_t count, const std::string& id) = 0;
  // After each timed run: runs so far, the most expected, and the estimated time left for this
  // benchmark.
  virtual void run_finished(int runs, int expected_runs, double eta_s) = 0;
  virtual void benchmark_finished(const InstanceResult& result) = 0;
  // A note about the whole run (e.g. counters unavailable).
  virtual void note(const std::string& text) = 0;
};

enum class ProgressStyle { terminal, lines, quiet };

// Writes to `out` (stderr: standard output is for the results). verbose also prints each run.
std::unique_ptr<Progress> make_progress(ProgressStyle style, std::ostream& out, bool verbose);

}  // namespace perfwatch::runner
