#include "integrations/testbed.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "integrations/gpu_identity.hpp"

extern char** environ;

namespace perfwatch {
namespace {

std::string read_text_file(const char* path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Calls visit(key, value) for each "key<separator>value" line of text, both trimmed.
template <typename Visit>
void for_each_field(std::string_view text, char separator, Visit visit) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto split = line.find(separator);
    if (split == std::string_view::npos) continue;
    if (!visit(trim(line.substr(0, split)), trim(line.substr(split + 1)))) return;
  }
}

// The executable `name` found in the PATH of `environment`; empty when not found.
std::string find_on_path(const Environment& environment, std::string_view name) {
  const auto path = environment.find("PATH");
  if (path == environment.end()) return {};
  std::string_view directories = path->second;
  while (true) {
    const auto end = directories.find(':');
    const auto directory = directories.substr(0, end);
    if (!directory.empty()) {
      std::string candidate = std::string(directory) + "/" + std::string(name);
      if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (end == std::string_view::npos) return {};
    directories.remove_prefix(end + 1);
  }
}

// Standard output of the program at `path` run with `args` (no shell); empty unless it exits 0.
std::string output_of(const std::string& path, std::vector<std::string> args) {
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  args.insert(args.begin(), path);
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  std::string text;
  if (spawn_error == 0) {
    std::array<char, 4096> buffer{};
    ssize_t count = 0;
    while ((count = read(out_pipe[0], buffer.data(), buffer.size())) > 0) {
      text.append(buffer.data(), static_cast<std::size_t>(count));
    }
  }
  close(out_pipe[0]);
  if (spawn_error != 0) return {};
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? text : std::string();
}

// The C++ compiler that built perfwatch, from its predefined __VERSION__ macro: GCC sets it to
// the bare version ("12.2.0"), Clang to a sentence that names itself ("Debian Clang 14.0.6").
std::string compiler() {
#if defined(__clang__)
  return __VERSION__;
#elif defined(__GNUC__)
  return std::string("GCC ") + __VERSION__;
#else
  return __VERSION__;
#endif
}

}  // namespace

std::string parse_cpu_model(std::string_view cpuinfo) {
  std::string model;
  for_each_field(cpuinfo, ':', [&](std::string_view key, std::string_view value) {
    if (key != "model name") return true;
    model = value;
    return false;
  });
  return model;
}

std::optional<int64_t> parse_mem_total_bytes(std::string_view meminfo) {
  std::optional<int64_t> bytes;
  for_each_field(meminfo, ':', [&](std::string_view key, std::string_view value) {
    if (key != "MemTotal") return true;
    int64_t kib = 0;  // "16318412 kB": the kernel's kB are KiB
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), kib);
    if (error == std::errc() && trim(std::string_view(end, value.data() + value.size())) == "kB") {
      bytes = kib * 1024;
    }
    return false;
  });
  return bytes;
}

// os-release's format: https://www.freedesktop.org/software/systemd/man/latest/os-release.html
// (shell-style assignments; the value may be in double or single quotes).
std::string parse_os_pretty_name(std::string_view os_release) {
  std::string name;
  for_each_field(os_release, '=', [&](std::string_view key, std::string_view value) {
    if (key != "PRETTY_NAME") return true;
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    name = value;
    return false;
  });
  return name;
}

std::string host_name() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) return "localhost";
  return host.data();
}

nlohmann::json machine_fingerprint(const Environment& environment) {
  nlohmann::json fingerprint = nlohmann::json::object();
  if (auto model = parse_cpu_model(read_text_file("/proc/cpuinfo")); !model.empty()) {
    fingerprint["cpu_model"] = model;
  }
  if (const auto cores = std::thread::hardware_concurrency(); cores > 0) {
    fingerprint["logical_cores"] = cores;
  }
  if (const auto memory = parse_mem_total_bytes(read_text_file("/proc/meminfo"))) {
    fingerprint["memory_total_bytes"] = *memory;
  }
  if (auto os = parse_os_pretty_name(read_text_file("/etc/os-release")); !os.empty()) {
    fingerprint["os"] = os;
  }
  utsname system{};
  if (uname(&system) == 0) {
    fingerprint["kernel"] = std::string(system.sysname) + " " + system.release;
    fingerprint["arch"] = system.machine;
  }
  fingerprint["compiler"] = compiler();
  const auto nvidia_smi = find_on_path(environment, "nvidia-smi");
  auto gpus = read_gpus(environment, [&](const std::vector<std::string>& args) {
    return nvidia_smi.empty() ? std::string() : output_of(nvidia_smi, args);
  });
  // Only a machine with GPUs gets the key: the fingerprint of one without is as it was.
  if (auto key = gpu_testbed_key(gpus); !key.empty()) fingerprint["gpu_testbed_key"] = key;
  fingerprint["gpus"] = std::move(gpus);
  return fingerprint;
}

}  // namespace perfwatch
