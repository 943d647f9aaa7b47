#include "runner/spawn_helper_image.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>

// The helper's bytes, between these two symbols (the build passes the helper's path; ccache does
// not cache a source with .incbin, so a rebuilt helper is always the one embedded).
asm(".section .rodata.perfwatch_spawn_helper,\"a\"\n"
    ".balign 16\n"
    ".globl perfwatch_spawn_helper_begin\n"
    ".hidden perfwatch_spawn_helper_begin\n"
    "perfwatch_spawn_helper_begin:\n"
    ".incbin \"" PERFWATCH_SPAWN_HELPER_PATH
    "\"\n"
    ".globl perfwatch_spawn_helper_end\n"
    ".hidden perfwatch_spawn_helper_end\n"
    "perfwatch_spawn_helper_end:\n"
    ".previous\n");
extern "C" const char perfwatch_spawn_helper_begin[];
extern "C" const char perfwatch_spawn_helper_end[];

namespace perfwatch::runner {
namespace {

// A sealed memfd holding the helper, or -1. Close-on-exec, so that no command inherits it: exec
// by /proc/self/fd/N opens the file before the descriptors close (that breaks scripts only).
int helper_fd() {
  const int fd = memfd_create("perfwatch-spawn-helper", MFD_ALLOW_SEALING | MFD_CLOEXEC);
  if (fd < 0) return -1;
  const char* bytes = perfwatch_spawn_helper_begin;
  auto left = static_cast<std::size_t>(perfwatch_spawn_helper_end - perfwatch_spawn_helper_begin);
  while (left > 0) {
    const ssize_t written = write(fd, bytes, left);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      close(fd);
      return -1;
    }
    bytes += written;
    left -= static_cast<std::size_t>(written);
  }
  fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return fd;
}

}  // namespace

const std::string& spawn_helper_path() {
  static const std::string path = [] {
    const int fd = helper_fd();
    if (fd < 0) return std::string();
    std::string candidate = "/proc/self/fd/" + std::to_string(fd);
    return access(candidate.c_str(), X_OK) == 0 ? candidate : std::string();
  }();
  return path;
}

}  // namespace perfwatch::runner
