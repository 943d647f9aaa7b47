#include "runner/spawn_helper_client.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "runner/spawn_helper_image.hpp"

extern char** environ;

namespace perfwatch::runner {
namespace {

// The descriptor the helper reads its requests from (its only argument).
constexpr int kHelperSocketFd = 3;

bool send_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t sent = send(fd, bytes, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    bytes += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

template <typename T>
std::optional<T> read_record(int fd) {
  T record;
  auto* bytes = reinterpret_cast<char*>(&record);
  std::size_t got = 0;
  while (got < sizeof record) {
    const ssize_t count = read(fd, bytes + got, sizeof record - got);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return std::nullopt;
    got += static_cast<std::size_t>(count);
  }
  return record;
}

// Idle helpers, and the process they belong to. Leaked on purpose: at exit the system closes
// their sockets and they end. Call with idle_mutex held.
std::mutex idle_mutex;
std::vector<std::unique_ptr<SpawnHelper>>& idle_helpers() {
  static auto* helpers = new std::vector<std::unique_ptr<SpawnHelper>>();
  static pid_t owner = getpid();
  if (owner != getpid()) {
    // A forked child: the helpers are its parent's. Close its copies of their sockets and leave
    // them running and unreaped, so that parent and child never talk to one helper at once.
    for (auto& helper : *helpers) helper->forget();
    helpers->clear();
    owner = getpid();
  }
  return *helpers;
}

}  // namespace

void SpawnHelper::forget() {
  close(socket_);
  socket_ = -1;
  pid_ = 0;
}

SpawnHelper::~SpawnHelper() {
  if (pid_ == 0) return;  // forgotten
  // Only a broken helper is destroyed (idle ones live as long as perfwatch): end and reap it.
  kill(pid_, SIGKILL);
  close(socket_);
  while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
  }
}

std::unique_ptr<SpawnHelper> SpawnHelper::launch() {
  const std::string& path = spawn_helper_path();
  if (path.empty()) return nullptr;
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0) return nullptr;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, ends[1], kHelperSocketFd);
  const std::string socket_arg = std::to_string(kHelperSocketFd);
  char* argv[] = {const_cast<char*>(path.c_str()), const_cast<char*>(socket_arg.c_str()), nullptr};
  pid_t pid = 0;
  const int error = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(ends[1]);
  if (error != 0) {
    close(ends[0]);
    return nullptr;
  }
  return std::unique_ptr<SpawnHelper>(new SpawnHelper(pid, ends[0]));
}

std::optional<HelperStart> SpawnHelper::start(const ProcessSpec& spec, int stdout_fd,
                                              int stderr_fd) {
  std::string strings = spec.cwd.string();
  strings.push_back('\0');
  for (const auto& arg : spec.argv) strings.append(arg).push_back('\0');
  for (const auto& entry : spec.env) strings.append(entry).push_back('\0');
  HelperRequest request;
  request.argc = static_cast<uint32_t>(spec.argv.size());
  request.envc = static_cast<uint32_t>(spec.env.size());
  request.bytes = static_cast<uint32_t>(strings.size());

  const int fds[2] = {stdout_fd, stderr_fd};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)] = {};
  iovec io{&request, sizeof request};
  msghdr message{};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof fds);
  std::memcpy(CMSG_DATA(header), fds, sizeof fds);
  ssize_t sent;
  do {
    sent = sendmsg(socket_, &message, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  if (sent <= 0) return std::nullopt;
  // The descriptors went with the first byte; the rest of the header follows plainly.
  const auto rest = sizeof request - static_cast<std::size_t>(sent);
  if (!send_all(socket_, reinterpret_cast<const char*>(&request) + sent, rest) ||
      !send_all(socket_, strings.data(), strings.size()))
    return std::nullopt;
  return read_record<HelperStart>(socket_);
}

std::optional<HelperResult> SpawnHelper::result() { return read_record<HelperResult>(socket_); }

void discard_idle_spawn_helpers() {
  std::vector<std::unique_ptr<SpawnHelper>> discarded;
  {
    const std::lock_guard lock(idle_mutex);
    discarded.swap(idle_helpers());
  }
}

SpawnHelperLease::SpawnHelperLease() {
  {
    const std::lock_guard lock(idle_mutex);
    auto& idle = idle_helpers();
    if (!idle.empty()) {
      helper_ = std::move(idle.back());
      idle.pop_back();
      return;
    }
  }
  helper_ = SpawnHelper::launch();
}

SpawnHelperLease::~SpawnHelperLease() {
  if (!helper_ || !reusable_) return;
  const std::lock_guard lock(idle_mutex);
  idle_helpers().push_back(std::move(helper_));
}

}  // namespace perfwatch::runner
