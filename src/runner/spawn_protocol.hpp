// What the spawn helper (spawn_helper/spawn_helper.cpp) tells perfwatch through its report
// pipe: two fixed-size records in the machine's own layout (both ends are built together).
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace perfwatch::runner {

// Written as soon as the command started, or could not start.
struct HelperStart {
  int32_t spawn_errno = 0;  // posix_spawnp's error; 0 when the command runs
  int32_t pid = 0;          // the command's process id
};

// Written once the command ended and was reaped.
struct HelperResult {
  int64_t wall_ns = 0;  // from just before the spawn to the reaping, monotonic clock
  int64_t user_ns = 0;
  int64_t system_ns = 0;
  int64_t peak_rss_kib = 0;  // the command's ru_maxrss (with its reaped descendants)
  int32_t wait_status = 0;   // as wait4 returned it
};

}  // namespace perfwatch::runner
