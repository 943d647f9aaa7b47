// perfwatch's spawn helper: a tiny static program that perfwatch starts once and keeps, and that
// starts each benchmark command for it, times it and reaps it. Why a separate process: Linux
// counts the memory of the process whose address space an exec replaces into the new program's
// peak RSS (fs/exec.c, exec_mmap: setmax_mm_hiwater_rss). posix_spawn has vfork semantics, so a
// command perfwatch started itself would report at least perfwatch's own ~25 MiB; started from
// this helper, whose address space stays well under 1 MiB, it reports its own peak. Why kept for
// the whole `perfwatch run`: starting a helper per run cost about 1 ms, more than `true` itself.
//
// Usage: spawn_helper SOCKET_FD. Requests arrive on SOCKET_FD (spawn_protocol.hpp), one command
// at a time; the helper ends when perfwatch closes its end. Each command gets its own process
// group (perfwatch kills the group at a timeout), stdin from /dev/null and the stdout and stderr
// sent with the request. Only libc: the helper must stay small and start fast.
#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "runner/spawn_protocol.hpp"

extern char** environ;

namespace {

using perfwatch::runner::HelperRequest;
using perfwatch::runner::HelperResult;
using perfwatch::runner::HelperStart;

bool send_all(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    // MSG_NOSIGNAL: a perfwatch gone away ends the helper by EPIPE, not by SIGPIPE (ignoring
    // SIGPIPE instead would pass the ignored disposition on to every command).
    const ssize_t sent = send(fd, bytes, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    bytes += sent;
    size -= static_cast<size_t>(sent);
  }
  return true;
}

bool read_all(int fd, void* data, size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t got = read(fd, bytes, size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    bytes += got;
    size -= static_cast<size_t>(got);
  }
  return true;
}

// Reads a request's header and the two descriptors attached to it; false at end of file.
bool receive_header(int socket, HelperRequest& request, int (&fds)[2]) {
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)];
  iovec io{&request, sizeof request};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  ssize_t got;
  do {
    got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) return false;
  const cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (header == nullptr || header->cmsg_type != SCM_RIGHTS ||
      header->cmsg_len != CMSG_LEN(sizeof fds))
    return false;
  memcpy(fds, CMSG_DATA(header), sizeof fds);
  const auto rest = sizeof request - static_cast<size_t>(got);
  return read_all(socket, reinterpret_cast<char*>(&request) + got, rest);
}

int64_t nanoseconds(const timespec& time) {
  return int64_t{time.tv_sec} * 1'000'000'000 + time.tv_nsec;
}

int64_t nanoseconds(const timeval& time) {
  return int64_t{time.tv_sec} * 1'000'000'000 + int64_t{time.tv_usec} * 1'000;
}

// Starts the request's command from its strings, with `pointers` room for argc + envc + 2
// pointers; fills `start` and `began`.
void spawn(const HelperRequest& request, char* strings, char** pointers, const int (&fds)[2],
           int dev_null, HelperStart& start, timespec& began) {
  char** argv = pointers;
  char** envp = argv + request.argc + 1;
  char* next = strings;
  const char* cwd = next;
  next += strlen(next) + 1;
  for (uint32_t i = 0; i < request.argc; ++i, next += strlen(next) + 1) argv[i] = next;
  argv[request.argc] = nullptr;
  for (uint32_t i = 0; i < request.envc; ++i, next += strlen(next) + 1) envp[i] = next;
  envp[request.envc] = nullptr;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, dev_null, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[0], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  // posix_spawnp searches the PATH of `environ`: the command's, as when perfwatch spawns it.
  char** own_environ = environ;
  environ = envp;
  clock_gettime(CLOCK_MONOTONIC, &began);
  pid_t pid = 0;
  start.spawn_errno = posix_spawnp(&pid, argv[0], &actions, &attributes, argv, envp);
  start.pid = pid;
  environ = own_environ;
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 126;
  const int socket = atoi(argv[1]);
  if (fcntl(socket, F_SETFD, FD_CLOEXEC) != 0) return 126;
  const int dev_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (dev_null < 0) return 126;

  HelperRequest request;
  int fds[2];
  while (receive_header(socket, request, fds)) {
    // One block for the strings and the pointers to them, returned to the system after the spawn.
    const size_t strings_size = (size_t{request.bytes} + 7) & ~size_t{7};
    const size_t size = strings_size + (size_t{request.argc} + request.envc + 2) * sizeof(char*);
    void* block = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) return 126;
    char* strings = static_cast<char*>(block);
    if (request.argc == 0 || !read_all(socket, strings, request.bytes)) return 126;
    HelperStart start{};
    timespec began{}, ended{};
    spawn(request, strings, reinterpret_cast<char**>(strings + strings_size), fds, dev_null, start,
          began);
    munmap(block, size);
    // The command holds its own copies; perfwatch sees end of file once the command closes them.
    close(fds[0]);
    close(fds[1]);
    if (!send_all(socket, &start, sizeof start)) return 0;
    if (start.spawn_errno != 0) continue;

    int status = 0;
    rusage usage{};
    while (wait4(start.pid, &status, 0, &usage) < 0) {
      if (errno != EINTR) return 126;
    }
    clock_gettime(CLOCK_MONOTONIC, &ended);
    HelperResult result{};
    result.wait_status = status;
    result.wall_ns = nanoseconds(ended) - nanoseconds(began);
    result.user_ns = nanoseconds(usage.ru_utime);
    result.system_ns = nanoseconds(usage.ru_stime);
    result.peak_rss_kib = usage.ru_maxrss;  // Linux reports KiB
    if (!send_all(socket, &result, sizeof result)) return 0;
  }
  return 0;
}
