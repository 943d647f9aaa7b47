// Hardware counters through perf_event_open: instructions, cycles, branch misses and cache
// misses of a command and every process it starts. Many kernels (containers, VMs, a strict
// perf_event_paranoid) refuse them; then the runner says so once and measures time alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/measure.hpp"

namespace perfwatch::runner {

struct CounterValue {
  const Measure* measure = nullptr;
  double value = 0;  // scaled by time enabled / time running when the kernel multiplexed
};

// Per-event counters on the calling thread, inherited by the processes it starts from then on
// (opening them ends the idle spawn helpers, so that the next one inherits them). Open them on
// the thread that spawns the command; enable just before the spawn, read after the reap.
class HardwareCounters {
 public:
  // Opens what the kernel allows. unavailable_reason() says why when it allows nothing.
  HardwareCounters();
  HardwareCounters(const HardwareCounters&) = delete;
  HardwareCounters& operator=(const HardwareCounters&) = delete;
  ~HardwareCounters();

  bool available() const { return !events_.empty(); }
  const std::string& unavailable_reason() const { return reason_; }
  void reset_and_enable();
  void disable();
  std::vector<CounterValue> read() const;

 private:
  struct Event {
    int fd;
    const Measure* measure;
  };
  std::vector<Event> events_;
  std::string reason_;
};

// Measures the counters store under.
namespace counter_measures {
inline const Measure cycles{"cycles", std::string(units::count), Direction::lower_is_better};
inline const Measure branch_misses{"branch_misses", std::string(units::count),
                                   Direction::lower_is_better};
inline const Measure cache_misses{"cache_misses", std::string(units::count),
                                  Direction::lower_is_better};
}  // namespace counter_measures

}  // namespace perfwatch::runner
