// bench: programs that measure perfwatch itself and print their figures; scripts/bench builds
// them in release mode and runs them all. They assert nothing about time (targets are checked by
// reading the figures), only that what they measured did the work it should (row counts).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace perfwatch::bench {

// Wall-clock time since construction or the last restart().
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  void restart() { start_ = std::chrono::steady_clock::now(); }
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// CPU time (user + system) this process has used so far, in seconds.
double cpu_seconds();

// The most memory this process has had resident so far (getrusage's ru_maxrss), in bytes.
uint64_t peak_rss_bytes();

// How fast this process can write memory it has never touched (MB/s): the page faults and
// zeroing every new buffer pays once. Measured on 64 MiB. Slow on some virtual machines, where it
// bounds any figure that reads a large file into memory.
double fresh_memory_mb_per_s();

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, std::string_view text);

// Runs `measure` in a forked child and returns the figures it returned, so that every run starts
// from the same process state and getrusage's peak RSS is that run's own. The child's exceptions
// end it with a message on stderr; the parent then throws std::runtime_error.
std::vector<double> run_in_child(const std::function<std::vector<double>()>& measure);

// What one run of another program cost: wall seconds, CPU seconds (user + system) and peak RSS.
struct ProgramRun {
  double wall_s = 0;
  double cpu_s = 0;
  double peak_rss_bytes = 0;
};
// Runs the program `args` (args[0] a path; its standard output to /dev/null) and waits for it;
// throws std::runtime_error when it cannot start or does not exit with 0.
ProgramRun run_program(std::vector<std::string> args);

// Smallest and median of a set of figures (the median of an even count is the mean of the two
// middle ones).
struct Spread {
  double min = 0;
  double median = 0;
};
Spread spread(std::vector<double> figures);

// Command-line flags of the form --name=N (all a bench program takes); an unknown flag or a bad
// number prints one line naming it and exits with code 2.
class Flags {
 public:
  Flags(int argc, char** argv);
  // The value of --name, or fallback when absent; checks it is a whole number >= 1.
  uint64_t number(std::string_view name, uint64_t fallback);
  // The value of --name=TEXT, or empty when absent.
  std::string text(std::string_view name);
  // Exits with code 2 naming the first flag no number() call asked for and listing `accepted`.
  void reject_unknown(std::string_view accepted) const;

 private:
  std::vector<std::string> args_;
  std::vector<bool> used_;
};

constexpr double kMiB = 1024.0 * 1024.0;

}  // namespace perfwatch::bench
