#include "support/test_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace perfwatch::testing {

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "perfwatch-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {

std::string read_all(int fd) {
  std::string text;
  std::array<char, 65536> buffer{};
  ssize_t count = 0;
  while ((count = read(fd, buffer.data(), buffer.size())) > 0) text.append(buffer.data(), count);
  close(fd);
  return text;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                          const std::map<std::string, std::string>& env,
                          const std::string& stdin_text) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) {
    throw std::runtime_error("pipe failed");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string::npos) environment[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& [key, value] : env) environment[key] = value;
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : environment) env_strings.push_back(key + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& arg : args) argp.push_back(arg.data());
  argp.push_back(nullptr);

  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawn_error != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    throw std::runtime_error("cannot start " + argv.front());
  }
  std::thread writer([&] {
    std::size_t written = 0;
    while (written < stdin_text.size()) {
      const auto count =
          write(in_pipe[1], stdin_text.data() + written, stdin_text.size() - written);
      if (count <= 0) break;
      written += static_cast<std::size_t>(count);
    }
    close(in_pipe[1]);
  });
  CommandResult result;
  std::thread err_reader([&] { result.err = read_all(err_pipe[0]); });
  result.out = read_all(out_pipe[0]);
  err_reader.join();
  writer.join();
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

CommandResult run_perfwatch(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                            const std::map<std::string, std::string>& env,
                            const std::string& stdin_text) {
  std::vector<std::string> argv{PERFWATCH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd, env, stdin_text);
}

std::filesystem::path fixture(const std::string& relative_path) {
  return std::filesystem::path(PERFWATCH_FIXTURES) / relative_path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  file << text;
}

void CollectingSink::add(const MetricRecord& metric) {
  metrics_.push_back(OwnedMetric::from(metric));
}

const OwnedMetric& CollectingSink::find(const std::string& benchmark,
                                        const std::string& measure) const {
  for (const auto& metric : metrics_) {
    if (metric.benchmark == benchmark && metric.measure.slug == measure) return metric;
  }
  ADD_FAILURE() << "no metric " << benchmark << " / " << measure;
  static const OwnedMetric missing;
  return missing;
}

const OwnedMetric& CollectingSink::find(const std::string& benchmark, const std::string& measure,
                                        const std::string& params_json) const {
  for (const auto& metric : metrics_) {
    if (metric.benchmark == benchmark && metric.measure.slug == measure &&
        metric.params_json == params_json)
      return metric;
  }
  ADD_FAILURE() << "no metric " << benchmark << " " << params_json << " / " << measure;
  static const OwnedMetric missing;
  return missing;
}

}  // namespace perfwatch::testing
