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

#include "runner/spawn_helper_image.hpp"
#include "runner/spawn_protocol.hpp"

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
  void reset() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
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

// Reads exactly sizeof(T) bytes from a blocking pipe; false at end of file before that.
template <typename T>
bool read_record(int fd, T& record) {
  auto* bytes = reinterpret_cast<char*>(&record);
  std::size_t got = 0;
  while (got < sizeof record) {
    const ssize_t count = read(fd, bytes + got, sizeof record - got);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return false;
    got += static_cast<std::size_t>(count);
  }
  return true;
}

// The file descriptor the spawn helper writes its records to (its first argument).
constexpr int kHelperReportFd = 3;

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

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, dev_null(), 0);
  posix_spawn_file_actions_adddup2(&actions, spec.capture_stdout ? out_pipe[1] : dev_null(), 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so that a timeout kills everything it started.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  // Through the spawn helper when the system lets us run it (spawn_helper/spawn_helper.cpp says
  // why): it starts the command and reports on a pipe (spawn_protocol.hpp).
  const std::string& helper = spawn_helper_path();
  int report_pipe[2] = {-1, -1};
  if (!helper.empty() && pipe2(report_pipe, O_CLOEXEC) != 0) fail("pipe2");
  Fd report_read(report_pipe[0]);
  Fd report_write(report_pipe[1]);
  const std::string report_fd = std::to_string(kHelperReportFd);
  std::vector<char*> argv;
  if (!helper.empty()) {
    posix_spawn_file_actions_adddup2(&actions, report_pipe[1], kHelperReportFd);
    argv.push_back(const_cast<char*>(helper.c_str()));
    argv.push_back(const_cast<char*>(report_fd.c_str()));
  }
  for (const auto& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& entry : spec.env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  install_interrupt_handlers();
  if (hooks.before_start) hooks.before_start();
  pid_t pid = 0;
  const auto start = Clock::now();
  int spawn_error = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  err_write.reset();
  out_write.reset();
  report_write.reset();
  // The helper tells at once whether the command started, and its process id.
  pid_t command_pid = pid;
  HelperStart helper_start;
  if (spawn_error == 0 && !helper.empty()) {
    running_group.store(pid);  // Ctrl-C while the helper starts the command ends both
    if (!read_record(report_read.get(), helper_start)) helper_start.spawn_errno = ENOEXEC;
    spawn_error = helper_start.spawn_errno;
    command_pid = helper_start.pid;
    if (spawn_error != 0) {
      while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
  }
  if (spawn_error != 0) {
    running_group.store(0);
    if (hooks.finished) hooks.finished();
    result.exit_code = 127;
    std::error_code ignored;
    // posix_spawn reports a missing working directory as a missing program: say which it was.
    result.start_error = std::filesystem::is_directory(spec.cwd, ignored)
                             ? spec.argv[0] + ": " + std::strerror(spawn_error)
                             : "working directory " + spec.cwd.string() + ": does not exist";
    result.stderr_tail = result.start_error;
    return result;
  }
  running_group.store(pid);
  if (hooks.started) hooks.started(command_pid);

  Fd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (pidfd.get() < 0) fail("pidfd_open");
  const auto deadline = spec.timeout_s ? start + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(*spec.timeout_s))
                                       : Clock::time_point::max();
  bool err_open = true;
  bool out_open = spec.capture_stdout;
  Clock::time_point end;
  while (true) {
    std::array<pollfd, 3> fds = {pollfd{pidfd.get(), POLLIN, 0}, pollfd{err_read.get(), POLLIN, 0},
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
    if (fds[0].revents & POLLIN) {
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
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) fail("wait4");
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
  result.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count();
  result.user_ns = nanoseconds(usage.ru_utime);
  result.system_ns = nanoseconds(usage.ru_stime);
  // Spawned directly, the command's ru_maxrss includes perfwatch's own peak: not its own.
  HelperResult measured;
  if (!helper.empty() && read_record(report_read.get(), measured)) {
    // The helper's figures are the command's alone; it is missing only when the helper was
    // killed with its command (timeout, Ctrl-C), and then the helper's own status says so.
    status = measured.wait_status;
    result.wall_ns = measured.wall_ns;
    result.user_ns = measured.user_ns;
    result.system_ns = measured.system_ns;
    result.peak_rss_bytes = measured.peak_rss_kib * 1024;
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

}  // namespace perfwatch::runner
