#include "bench_support.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>

namespace perfwatch::bench {
namespace {

// Writes all of data to fd, retrying after short writes; false on failure.
bool write_all(int fd, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const auto written = ::write(fd, bytes, size);
    if (written <= 0) return false;
    bytes += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

// Reads up to size bytes from fd until end of file; returns how many were read.
std::size_t read_all(int fd, void* data, std::size_t size) {
  auto* bytes = static_cast<char*>(data);
  std::size_t total = 0;
  while (total < size) {
    const auto got = ::read(fd, bytes + total, size - total);
    if (got <= 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

}  // namespace

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports kilobytes
}

double fresh_memory_mb_per_s() {
  constexpr std::size_t size = 64 << 20;
  void* memory = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::runtime_error("mmap failed");
  Stopwatch clock;
  std::memset(memory, 1, size);
  const double seconds = clock.seconds();
  ::munmap(memory, size);
  return static_cast<double>(size) / 1e6 / seconds;
}

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("perfwatch-bench-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, std::string_view text) {
  std::ofstream file(path, std::ios::binary);
  file.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!file) throw std::runtime_error("cannot write " + path.string());
}

std::vector<double> run_in_child(const std::function<std::vector<double>()>& measure) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::cout.flush();
  std::cerr.flush();
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    ::close(fds[0]);
    int status = 0;
    try {
      const auto figures = measure();
      const uint64_t count = figures.size();
      if (!write_all(fds[1], &count, sizeof count) ||
          !write_all(fds[1], figures.data(), figures.size() * sizeof(double))) {
        status = 1;
      }
    } catch (const std::exception& error) {
      std::cerr << "bench: " << error.what() << "\n";
      status = 1;
    }
    std::cout.flush();
    std::cerr.flush();
    ::_exit(status);  // no destructors or atexit handlers of the parent's state
  }
  ::close(fds[1]);
  uint64_t count = 0;
  std::vector<double> figures;
  if (read_all(fds[0], &count, sizeof count) == sizeof count) {
    figures.resize(count);
    figures.resize(read_all(fds[0], figures.data(), count * sizeof(double)) / sizeof(double));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || figures.size() != count) {
    throw std::runtime_error("a measured run failed");
  }
  return figures;
}

ProgramRun run_program(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  Stopwatch clock;
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error(args[0] + ": cannot start it");
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  const double wall = clock.seconds();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(fmt::format("{} failed (status {})", fmt::join(args, " "), status));
  }
  const auto seconds = [](timeval time) { return time.tv_sec + time.tv_usec / 1e6; };
  return {wall, seconds(usage.ru_utime) + seconds(usage.ru_stime),
          static_cast<double>(usage.ru_maxrss) * 1024.0};
}

Spread spread(std::vector<double> figures) {
  if (figures.empty()) return {};
  std::sort(figures.begin(), figures.end());
  const auto middle = figures.size() / 2;
  const double median =
      figures.size() % 2 == 1 ? figures[middle] : (figures[middle - 1] + figures[middle]) / 2;
  return {figures.front(), median};
}

Flags::Flags(int argc, char** argv) : args_(argv + 1, argv + argc), used_(args_.size(), false) {}

uint64_t Flags::number(std::string_view name, uint64_t fallback) {
  const std::string prefix = "--" + std::string(name) + "=";
  for (std::size_t index = 0; index < args_.size(); ++index) {
    const std::string_view arg = args_[index];
    if (!arg.starts_with(prefix)) continue;
    used_[index] = true;
    const auto digits = arg.substr(prefix.size());
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end != digits.data() + digits.size() || value == 0) {
      std::cerr << prefix.substr(0, prefix.size() - 1) << ": expected a whole number >= 1, got '"
                << digits << "'\n";
      std::exit(2);
    }
    return value;
  }
  return fallback;
}

std::string Flags::text(std::string_view name) {
  const std::string prefix = "--" + std::string(name) + "=";
  for (std::size_t index = 0; index < args_.size(); ++index) {
    if (!args_[index].starts_with(prefix)) continue;
    used_[index] = true;
    return args_[index].substr(prefix.size());
  }
  return {};
}

void Flags::reject_unknown(std::string_view accepted) const {
  for (std::size_t index = 0; index < args_.size(); ++index) {
    if (!used_[index]) {
      std::cerr << args_[index] << ": unknown flag; accepted: " << accepted << "\n";
      std::exit(2);
    }
  }
}

}  // namespace perfwatch::bench
