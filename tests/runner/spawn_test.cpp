#include "runner/spawn.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>
#include <fstream>
#include <future>
#include <string>
#include <vector>

#include "runner/sampler.hpp"
#include "support/test_support.hpp"

namespace perfwatch::runner {
namespace {

ProcessSpec spec_of(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.cwd = std::filesystem::current_path();
  spec.env = environment_with({});
  return spec;
}

TEST(Spawn, RunsWithoutAShellAndReportsTimesAndMemory) {
  const auto result = run_process(spec_of({"true"}));
  EXPECT_TRUE(result.succeeded());
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_GT(result.wall_ns, 0);
  EXPECT_GT(result.peak_rss_bytes, 0);
  // No shell: the dollar sign reaches the program as it is.
  auto echo = spec_of({"echo", "$HOME"});
  echo.capture_stdout = true;
  EXPECT_EQ(run_process(echo).stdout_text, "$HOME\n");
}

TEST(Spawn, NonZeroExitKeepsTheTailOfStderr) {
  const auto result =
      run_process(spec_of({"sh", "-c", "echo first >&2; echo last words >&2; exit 3"}));
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.stderr_tail, "first\nlast words\n");
  EXPECT_EQ(result.describe_failure(), "exit code 3");
}

TEST(Spawn, LongStderrIsCutToItsTail) {
  const auto result = run_process(spec_of(
      {"sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line $i >&2; i=$((i+1)); done; exit 1"}));
  EXPECT_EQ(result.stderr_tail.size(), kStderrTailBytes);
  EXPECT_NE(result.stderr_tail.find("line 1999\n"), std::string::npos);
}

TEST(Spawn, TimeoutKillsTheWholeProcessGroup) {
  testing::ScratchDir dir;
  // The shell starts a grandchild that would outlive a kill of the shell alone.
  auto spec = spec_of({"sh", "-c", "sleep 30 & echo $! > child.pid; wait"});
  spec.cwd = dir.path();
  spec.timeout_s = 1;  // time enough for the shell to start its child on a loaded machine
  const auto result = run_process(spec);
  EXPECT_TRUE(result.timed_out);
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(result.describe_failure(), "timed out after 1 s");
  ASSERT_TRUE(std::filesystem::exists(dir / "child.pid"));
  const auto child = std::stoi(testing::read_file(dir / "child.pid"));
  for (int tries = 0; tries < 100 && read_proc_stat(child); ++tries) usleep(10'000);
  // Reaped by init once killed; a zombie has no RSS either way.
  const auto stat = read_proc_stat(child);
  EXPECT_TRUE(!stat || stat->rss_pages == 0);
}

TEST(Spawn, MissingProgramIsAFailureNotAnException) {
  const auto result = run_process(spec_of({"perfwatch-no-such-program"}));
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_NE(result.describe_failure().find("cannot start: perfwatch-no-such-program"),
            std::string::npos);
}

TEST(Spawn, MissingWorkingDirectoryIsNamed) {
  auto spec = spec_of({"true"});
  spec.cwd = "/nonexistent/perfwatch";
  const auto result = run_process(spec);
  EXPECT_EQ(result.describe_failure(),
            "cannot start: working directory /nonexistent/perfwatch: does not exist");
}

TEST(Spawn, EnvironmentOverridesWin) {
  auto spec = spec_of({"sh", "-c", "printf %s \"$PERFWATCH_X\""});
  spec.env = environment_with({{"PERFWATCH_X", "42"}});
  spec.capture_stdout = true;
  EXPECT_EQ(run_process(spec).stdout_text, "42");
}

// The program is searched in the command's PATH, not perfwatch's.
TEST(Spawn, ProgramIsSearchedInTheCommandsPath) {
  auto spec = spec_of({"true"});
  spec.env = {"PATH=/nonexistent/perfwatch"};
  const auto result = run_process(spec);
  EXPECT_EQ(result.exit_code, 127);
  EXPECT_NE(result.start_error.find("true: "), std::string::npos) << result.start_error;
}

// The parent of a command: the spawn helper that started it.
std::string parent_of(const std::string& text) { return text.substr(0, text.find('\n')); }

// One helper serves every run of a thread (starting one per run cost ~1 ms); a run that starts
// while another is still going gets a helper of its own.
TEST(Spawn, OneHelperServesRunAfterRunAndBusyOnesAreNotShared) {
  auto echo_parent = spec_of({"sh", "-c", "echo $PPID"});
  echo_parent.capture_stdout = true;
  const auto first = parent_of(run_process(echo_parent).stdout_text);
  EXPECT_EQ(parent_of(run_process(echo_parent).stdout_text), first);
  EXPECT_NE(first, std::to_string(getpid()));

  testing::ScratchDir dir;
  auto waiting = spec_of({"sh", "-c", "echo $PPID; while [ ! -e go ]; do sleep 0.01; done"});
  waiting.cwd = dir.path();
  waiting.capture_stdout = true;
  waiting.timeout_s = 60;
  auto releasing = spec_of({"sh", "-c", "echo $PPID; touch go"});
  releasing.cwd = dir.path();
  releasing.capture_stdout = true;
  std::promise<void> started;
  RunHooks hooks;
  hooks.started = [&](pid_t) { started.set_value(); };
  auto busy = std::async(std::launch::async, [&] { return run_process(waiting, hooks); });
  started.get_future().wait();
  const auto other = run_process(releasing);
  const auto waited = busy.get();
  ASSERT_TRUE(waited.succeeded()) << waited.describe_failure();
  EXPECT_NE(parent_of(other.stdout_text), parent_of(waited.stdout_text));
}

// A forked child does not share its parent's idle helper: two processes writing to one helper's
// socket would mix their requests.
TEST(Spawn, AForkedChildStartsItsOwnHelper) {
  auto echo_parent = spec_of({"sh", "-c", "echo $PPID"});
  echo_parent.capture_stdout = true;
  const auto parents_helper = parent_of(run_process(echo_parent).stdout_text);
  const pid_t child = fork();
  if (child == 0) {
    const auto result = run_process(echo_parent);
    _exit(result.succeeded() && parent_of(result.stdout_text) != parents_helper ? 0 : 1);
  }
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_EQ(parent_of(run_process(echo_parent).stdout_text), parents_helper);
}

// This process's peak resident memory (VmHWM), in bytes.
int64_t own_peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;  // in kB
  }
  return 0;
}

// The kernel counts the memory of the process an exec replaces into the new program's peak;
// spawned from perfwatch itself, `true` would report perfwatch's peak. Here this process first
// holds 96 MiB, and `true` still reports its own few hundred KiB.
TEST(Spawn, PeakRssIsTheCommandsOwnEvenForSmallCommands) {
  {
    std::vector<char> ballast(96 << 20);
    for (std::size_t at = 0; at < ballast.size(); at += 4096) ballast[at] = 1;
    volatile char keep = ballast[ballast.size() / 2];
    (void)keep;
  }
  ASSERT_GE(own_peak_rss_bytes(), int64_t{96} << 20);
  const auto small = run_process(spec_of({"true"}));
  ASSERT_TRUE(small.succeeded());
  EXPECT_GT(small.peak_rss_bytes, 0);
  EXPECT_LT(small.peak_rss_bytes, int64_t{8} << 20);
  EXPECT_LT(small.peak_rss_bytes * 10, own_peak_rss_bytes());
}

TEST(Spawn, PeakRssCountsWhatTheCommandTouches) {
  const auto big = run_process(spec_of(
      {"python3", "-c", "b = bytearray(50 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"}));
  ASSERT_TRUE(big.succeeded()) << big.stderr_tail;
  EXPECT_GE(big.peak_rss_bytes, int64_t{50} << 20);
  EXPECT_LT(big.peak_rss_bytes, int64_t{200} << 20);
}

// The times and the exit status are the command's, through the helper: a command killed by a
// signal says so, and its CPU time is its own.
TEST(Spawn, SignalAndCpuTimeAreTheCommands) {
  const auto killed = run_process(spec_of({"sh", "-c", "kill -USR1 $$"}));
  EXPECT_EQ(killed.term_signal, SIGUSR1);
  const auto busy =
      run_process(spec_of({"sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"}));
  ASSERT_TRUE(busy.succeeded());
  EXPECT_GT(busy.user_ns + busy.system_ns, 0);
  EXPECT_LE(busy.user_ns + busy.system_ns, busy.wall_ns + 10'000'000);
}

TEST(Sampler, SamplesTheWatchedProcess) {
  ResourceSampler sampler(std::chrono::milliseconds(10));
  sampler.start();
  auto spec = spec_of({"sleep", "0.2"});
  RunHooks hooks;
  hooks.started = [&](pid_t pid) { sampler.watch(pid); };
  hooks.finished = [&] { sampler.watch(0); };
  run_process(spec, hooks);
  const auto samples = sampler.stop();
  ASSERT_GE(samples.size(), 2u);
  for (std::size_t index = 1; index < samples.size(); ++index) {
    EXPECT_GT(samples[index].t_ms, samples[index - 1].t_ms);
  }
  EXPECT_GT(*samples.front().rss_bytes, 0);
  EXPECT_TRUE(samples.back().cpu_percent.has_value());
}

}  // namespace
}  // namespace perfwatch::runner
