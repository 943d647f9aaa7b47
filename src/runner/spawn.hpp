// Running one command once: spawned without a shell in its own process group, through a tiny
// helper process started once and kept (spawn_helper_client.hpp) that times it with the monotonic
// clock and reaps it with wait4 for its CPU time and its own peak RSS
// (spawn_helper/spawn_helper.cpp says why), killed with its whole process group when it overruns
// its timeout.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace perfwatch::runner {

// The environment a command runs under: this process's, with `overrides` set on top, as the
// KEY=VALUE strings execve takes. Built once per benchmark, not per run.
std::vector<std::string> environment_with(const std::map<std::string, std::string>& overrides);

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is searched in PATH when it has no slash
  std::filesystem::path cwd;
  std::vector<std::string> env;     // complete environment (environment_with)
  std::optional<double> timeout_s;  // none: wait as long as it takes
  bool capture_stdout = false;      // otherwise stdout goes to /dev/null
};

struct ProcessResult {
  int64_t wall_ns = 0;
  int64_t user_ns = 0;
  int64_t system_ns = 0;
  int64_t peak_rss_bytes = 0;      // the command's own; 0 when unknown (no spawn helper here)
  std::optional<int> exit_code;    // when it exited
  std::optional<int> term_signal;  // when a signal ended it
  bool timed_out = false;
  std::string stdout_text;  // when captured
  std::string stderr_tail;  // the last kStderrTailBytes bytes of its stderr
  bool succeeded() const { return exit_code == 0 && !timed_out; }
  // "exit code 3", "killed by signal 9", "timed out after 2 s", "cannot start: ...".
  std::string describe_failure() const;
  std::string start_error;  // set when the command could not be started (exit_code is 127)
  double timeout_s = 0;
};

inline constexpr std::size_t kStderrTailBytes = 4096;

// Hooks around the measured interval, for counters and the resource sampler. before_start runs
// just before the spawn, started with the child's pid, finished right after it was reaped.
struct RunHooks {
  std::function<void()> before_start;
  std::function<void(pid_t)> started;
  std::function<void()> finished;
};

// Runs the command and waits for it (or kills it at the timeout). Never throws for what the
// command does; throws std::system_error when the operating system refuses pipes or polling.
ProcessResult run_process(const ProcessSpec& spec, const RunHooks& hooks = {});

}  // namespace perfwatch::runner
