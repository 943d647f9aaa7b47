// perfwatch's spawn helper: a tiny static program that perfwatch starts in place of a benchmark
// command, and that starts the command, times it and reaps it. Why: Linux counts the memory of
// the process whose address space an exec replaces into the new program's peak RSS
// (fs/exec.c, exec_mmap: setmax_mm_hiwater_rss). perfwatch spawns with vfork semantics, so a
// command it started itself would report at least perfwatch's own ~25 MiB; started from this
// helper, whose address space is well under 1 MiB, it reports its own peak.
//
// Usage: spawn_helper REPORT_FD COMMAND [ARGS...]. The command inherits the helper's working
// directory, environment, standard streams and process group. On REPORT_FD the helper writes a
// HelperStart record as soon as the command started (or could not), then a HelperResult when the
// command ended (spawn_protocol.hpp). Only libc: the helper must stay small and start fast.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include "runner/spawn_protocol.hpp"

extern char** environ;

namespace {

bool write_all(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t written = write(fd, bytes, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    bytes += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

int64_t nanoseconds(const timespec& time) {
  return int64_t{time.tv_sec} * 1'000'000'000 + time.tv_nsec;
}

int64_t nanoseconds(const timeval& time) {
  return int64_t{time.tv_sec} * 1'000'000'000 + int64_t{time.tv_usec} * 1'000;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 126;
  const int report = atoi(argv[1]);
  // The command must not inherit the report pipe: perfwatch reads it to its end.
  if (fcntl(report, F_SETFD, FD_CLOEXEC) != 0) return 126;

  perfwatch::runner::HelperStart start{};
  timespec began{}, ended{};
  clock_gettime(CLOCK_MONOTONIC, &began);
  pid_t pid = 0;
  start.spawn_errno = posix_spawnp(&pid, argv[2], nullptr, nullptr, argv + 2, environ);
  start.pid = pid;
  if (!write_all(report, &start, sizeof start) || start.spawn_errno != 0) return 127;

  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) return 126;
  }
  clock_gettime(CLOCK_MONOTONIC, &ended);
  perfwatch::runner::HelperResult result{};
  result.wait_status = status;
  result.wall_ns = nanoseconds(ended) - nanoseconds(began);
  result.user_ns = nanoseconds(usage.ru_utime);
  result.system_ns = nanoseconds(usage.ru_stime);
  result.peak_rss_kib = usage.ru_maxrss;  // Linux reports KiB
  return write_all(report, &result, sizeof result) ? 0 : 126;
}
