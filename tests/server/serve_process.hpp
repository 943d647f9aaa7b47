// A `perfwatch serve` process for the server's tests: started on a free port in a test's
// folder, its port read from the line it prints first, stopped when the test is done.
#pragma once

#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace perfwatch::testing {

// A `perfwatch serve` child on a free port, stopped (SIGTERM) when destroyed.
class Server {
 public:
  // Runs perfwatch with `args` in `dir`.
  Server(const ScratchDir& dir, std::vector<std::string> args) {
    args.insert(args.begin(), PERFWATCH_BINARY);
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(pipe_ends[1], STDOUT_FILENO);
      close(pipe_ends[0]);
      if (chdir(dir.path().c_str()) != 0) _exit(127);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(pipe_ends[1]);
    FILE* out = fdopen(pipe_ends[0], "r");
    char line[512] = {};
    if (!fgets(line, sizeof line, out)) throw std::runtime_error("perfwatch serve said nothing");
    fclose(out);
    const std::string banner(line);
    port_ = std::stoi(banner.substr(banner.rfind(':') + 1));
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server() { stop(SIGTERM); }

  void stop(int signal) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  int port() const { return port_; }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port_); }

 private:
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace perfwatch::testing
