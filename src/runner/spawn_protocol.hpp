// What perfwatch and its spawn helper (spawn_helper/spawn_helper.cpp) say to each other over
// their Unix stream socket: fixed-size records in the machine's own layout (both ends are built
// together). Per command: perfwatch sends a HelperRequest with the command's stdout and stderr
// descriptors attached (SCM_RIGHTS) followed by its strings; the helper answers a HelperStart at
// once, then a HelperResult when the command ended and was reaped.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace perfwatch::runner {

// Followed by `bytes` bytes: the working directory, then argc arguments, then envc KEY=VALUE
// entries, each ended by a NUL.
struct HelperRequest {
  uint32_t argc = 0;
  uint32_t envc = 0;
  uint32_t bytes = 0;
};

// Written as soon as the command started, or could not start.
struct HelperStart {
  int32_t spawn_errno = 0;  // posix_spawnp's error; 0 when the command runs
  int32_t pid = 0;          // the command's process id, also its process group's
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
