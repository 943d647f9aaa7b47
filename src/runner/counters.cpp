#include "runner/counters.hpp"

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "runner/spawn_helper_client.hpp"

namespace perfwatch::runner {
namespace {

int open_counter(uint64_t config) {
  perf_event_attr attributes{};
  attributes.type = PERF_TYPE_HARDWARE;
  attributes.size = sizeof attributes;
  attributes.config = config;
  attributes.disabled = 1;
  attributes.inherit = 1;  // count the command and what it starts, not only this thread
  attributes.exclude_kernel = 1;
  attributes.exclude_hv = 1;
  attributes.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return static_cast<int>(
      syscall(SYS_perf_event_open, &attributes, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

std::string paranoid_level() {
  std::ifstream file("/proc/sys/kernel/perf_event_paranoid");
  std::string level;
  file >> level;
  return level.empty() ? "unknown" : level;
}

}  // namespace

HardwareCounters::HardwareCounters() {
  const std::pair<uint64_t, const Measure*> wanted[] = {
      {PERF_COUNT_HW_INSTRUCTIONS, &measures::instructions},
      {PERF_COUNT_HW_CPU_CYCLES, &counter_measures::cycles},
      {PERF_COUNT_HW_BRANCH_MISSES, &counter_measures::branch_misses},
      {PERF_COUNT_HW_CACHE_MISSES, &counter_measures::cache_misses},
  };
  int first_error = 0;
  for (const auto& [config, measure] : wanted) {
    const int fd = open_counter(config);
    if (fd >= 0) {
      events_.push_back({fd, measure});
    } else if (first_error == 0) {
      first_error = errno;
    }
  }
  // Commands go through a spawn helper; one started before these counters would not inherit them.
  if (!events_.empty()) discard_idle_spawn_helpers();
  if (events_.empty()) {
    reason_ = std::string("hardware counters unavailable (perf_event_open: ") +
              std::strerror(first_error) + "; kernel.perf_event_paranoid = " + paranoid_level() +
              "); measuring time, CPU and memory only";
  }
}

HardwareCounters::~HardwareCounters() {
  for (const auto& event : events_) close(event.fd);
}

void HardwareCounters::reset_and_enable() {
  for (const auto& event : events_) {
    ioctl(event.fd, PERF_EVENT_IOC_RESET, 0);
    ioctl(event.fd, PERF_EVENT_IOC_ENABLE, 0);
  }
}

void HardwareCounters::disable() {
  for (const auto& event : events_) ioctl(event.fd, PERF_EVENT_IOC_DISABLE, 0);
}

std::vector<CounterValue> HardwareCounters::read() const {
  std::vector<CounterValue> values;
  for (const auto& event : events_) {
    uint64_t data[3] = {};  // value, time enabled, time running
    if (::read(event.fd, data, sizeof data) != static_cast<ssize_t>(sizeof data)) continue;
    if (data[2] == 0) continue;  // never scheduled on a counter: no figure rather than zero
    const double scale = static_cast<double>(data[1]) / static_cast<double>(data[2]);
    values.push_back({event.measure, static_cast<double>(data[0]) * scale});
  }
  return values;
}

}  // namespace perfwatch::runner
