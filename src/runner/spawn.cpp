#include "runner/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <system_error>

#include "runner/spawn_helper_client.hpp"

extern char** environ;

namespace perfwatch::runner {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

// The process group of the command running now, for the interrupt handler.
std::atomic<pid_t> running_group{0};

// Ctrl-C reaches perfwatch only (the command has its own process group): end the command's whole
// group too, then die of the same signal as perfwatch would have.
void on_interrupt(int signal) {
  const pid_t group = running_group.load();
  if (group > 0) kill(-group, SIGKILL);
  ::signal(signal, SIG_DFL);
  raise(signal);
}

void install_interrupt_handlers() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
    return true;
  }();
  (void)installed;
}

int dev_null() {
  static const int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  return fd;
}

int64_t nanoseconds(const timeval& time) {
  return int64_t{time.tv_sec} * 1'000'000'000 + int64_t{time.tv_usec} * 1'000;
}

// Reads what is available from a non-blocking pipe; false at end of file.
bool drain(int fd, std::string& text, std::size_t keep_bytes) {
  std::array<char, 16384> buffer{};
  while (true) {
    const ssize_t count = read(fd, buffer.data(), buffer.size());
    if (count > 0) {
      text.append(buffer.data(), static_cast<std::size_t>(count));
      // Keep at most twice the tail, trimming rarely.
      if (keep_bytes && text.size() > 2 * keep_bytes) text.erase(0, text.size() - keep_bytes);
      continue;
    }
    if (count == 0) return false;
    return errno == EINTR || errno == EAGAIN;
  }
}

}  // namespace

std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto name = text.substr(0, text.find('='));
    if (!overrides.contains(std::string(name))) env.emplace_back(text);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::string ProcessResult::describe_failure() const {
  if (!start_error.empty()) return "cannot start: " + start_error;
  if (timed_out) {
    char text[64];
    std::snprintf(text, sizeof text, "timed out after %g s", timeout_s);
    return text;
  }
  if (term_signal)
    return "killed by signal " + std::to_string(*term_signal) + " (" + strsignal(*term_signal) +
           ")";
  if (exit_code && *exit_code != 0) return "exit code " + std::to_string(*exit_code);
  return "succeeded";
}

namespace {

// The command once started: its process id (also its process group) and what to poll for its end.
struct Started {
  pid_t pid = 0;
  int spawn_error = 0;
  Fd pidfd;  // spawned directly: readable when it exits
};

// Spawned directly, without the helper (it cannot run here): the command's peak RSS would include
// perfwatch's own, so none is reported.
void spawn_directly(const ProcessSpec& spec, int stdout_fd, int stderr_fd, Started& started) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, dev_null(), 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
  posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that a timeout kills everything it started.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  std::vector<char*> argv;
  for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& entry : spec.env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);
  started.spawn_error =
      posix_spawnp(&started.pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (started.spawn_error == 0) {
    started.pidfd.reset(static_cast<int>(syscall(SYS_pidfd_open, started.pid, 0)));
    if (started.pidfd.get() < 0) fail("pidfd_open");
  }
}

}  // namespace

ProcessResult run_process(const ProcessSpec& spec, const RunHooks& hooks) {
  ProcessResult result;
  result.timeout_s = spec.timeout_s.value_or(0);
  int err_pipe[2];
  int out_pipe[2] = {-1, -1};
  if (pipe2(err_pipe, O_CLOEXEC | O_NONBLOCK) != 0) fail("pipe2");
  Fd err_read(err_pipe[0]);
  Fd err_write(err_pipe[1]);
  if (spec.capture_stdout && pipe2(out_pipe, O_CLOEXEC | O_NONBLOCK) != 0) fail("pipe2");
  Fd out_read(out_pipe[0]);
  Fd out_write(out_pipe[1]);
  const int stdout_fd = spec.capture_stdout ? out_pipe[1] : dev_null();

  // Through the spawn helper when the system lets us run it (spawn_helper/spawn_helper.cpp says
  // why); it reports on its socket when the command ended.
  SpawnHelperLease lease;
  install_interrupt_handlers();
  if (hooks.before_start) hooks.before_start();
  const auto start = Clock::now();
  Started started;
  if (lease.get() != nullptr) {
    const auto helper_start = lease.get()->start(spec, stdout_fd, err_pipe[1]);
    if (!helper_start) throw std::system_error(EPIPE, std::generic_category(), "spawn helper");
    started.pid = helper_start->pid;
    started.spawn_error = helper_start->spawn_errno;
  } else {
    spawn_directly(spec, stdout_fd, err_pipe[1], started);
  }
  err_write.reset();
  out_write.reset();
  if (started.spawn_error != 0) {
    lease.done();
    if (hooks.finished) hooks.finished();
    result.exit_code = 127;
    std::error_code ignored;
    // posix_spawn reports a missing working directory as a missing program: say which it was.
    result.start_error = std::filesystem::is_directory(spec.cwd, ignored)
                             ? spec.argv[0] + ": " + std::strerror(started.spawn_error)
                             : "working directory " + spec.cwd.string() + ": does not exist";
    result.stderr_tail = result.start_error;
    return result;
  }
  const pid_t pid = started.pid;
  running_group.store(pid);
  if (hooks.started) hooks.started(pid);

  const int end_fd = lease.get() != nullptr ? lease.get()->socket() : started.pidfd.get();
  const auto deadline = spec.timeout_s ? start + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(*spec.timeout_s))
                                       : Clock::time_point::max();
  bool err_open = true;
  bool out_open = spec.capture_stdout;
  Clock::time_point end;
  while (true) {
    std::array<pollfd, 3> fds = {pollfd{end_fd, POLLIN, 0}, pollfd{err_read.get(), POLLIN, 0},
                                 pollfd{out_read.get(), POLLIN, 0}};
    if (!err_open) fds[1].fd = -1;
    if (!out_open) fds[2].fd = -1;
    int wait_ms = -1;
    if (spec.timeout_s) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      wait_ms = static_cast<int>(std::max<int64_t>(0, left.count()));
    }
    const int ready = poll(fds.data(), fds.size(), wait_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("poll");
    }
    if (fds[0].revents != 0) {
      end = Clock::now();
      break;
    }
    if (fds[1].revents) err_open = drain(err_read.get(), result.stderr_tail, kStderrTailBytes);
    if (fds[2].revents) out_open = drain(out_read.get(), result.stdout_text, 0);
    if (ready == 0 && Clock::now() >= deadline) {
      result.timed_out = true;
      kill(-pid, SIGKILL);  // the whole group: children of a shell script too
      end = Clock::now();
      break;
    }
  }
  int status = 0;
  if (lease.get() != nullptr) {
    // The helper reaps the command (killed or not) and reports its own figures.
    const auto measured = lease.get()->result();
    if (!measured) throw std::system_error(EPIPE, std::generic_category(), "spawn helper");
    lease.done();
    status = measured->wait_status;
    result.wall_ns = measured->wall_ns;
    result.user_ns = measured->user_ns;
    result.system_ns = measured->system_ns;
    result.peak_rss_bytes = measured->peak_rss_kib * 1024;
  } else {
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
      if (errno != EINTR) fail("wait4");
    }
    result.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
    result.user_ns = nanoseconds(usage.ru_utime);
    result.system_ns = nanoseconds(usage.ru_stime);
  }
  running_group.store(0);
  if (hooks.finished) hooks.finished();
  // What the pipes still hold; a background child keeping them open does not block us.
  if (err_open) drain(err_read.get(), result.stderr_tail, kStderrTailBytes);
  if (out_open) {
    // The harness's output is the result: read until every writer has closed it.
    const int flags = fcntl(out_read.get(), F_GETFL);
    fcntl(out_read.get(), F_SETFL, flags & ~O_NONBLOCK);
    drain(out_read.get(), result.stdout_text, 0);
  }
  if (result.stderr_tail.size() > kStderrTailBytes) {
    result.stderr_tail.erase(0, result.stderr_tail.size() - kStderrTailBytes);
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

}  // namespace perfwatch::runner
