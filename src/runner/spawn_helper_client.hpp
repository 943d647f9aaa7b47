// perfwatch's end of the spawn helper (spawn_helper/spawn_helper.cpp): started once when the
// first command runs and kept for the life of the process, one per thread running commands at
// the same time. Speaks the protocol of spawn_protocol.hpp.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>

#include "runner/spawn.hpp"
#include "runner/spawn_protocol.hpp"

namespace perfwatch::runner {

class SpawnHelper {
 public:
  SpawnHelper(const SpawnHelper&) = delete;
  SpawnHelper& operator=(const SpawnHelper&) = delete;
  ~SpawnHelper();

  // Asks the helper to start the command with the given stdout and stderr; nullopt when the
  // helper is gone (the caller then drops it).
  std::optional<HelperStart> start(const ProcessSpec& spec, int stdout_fd, int stderr_fd);
  // Waits for the report of the command started last; nullopt when the helper is gone.
  std::optional<HelperResult> result();
  // Readable once the result is there (or the helper is gone): for poll.
  int socket() const { return socket_; }
  // Closes this process's end without ending the helper: in a forked child, whose helpers
  // belong to its parent.
  void forget();

 private:
  friend class SpawnHelperLease;
  SpawnHelper(pid_t pid, int socket) : pid_(pid), socket_(socket) {}
  static std::unique_ptr<SpawnHelper> launch();
  pid_t pid_;
  int socket_;
};

// A helper lent to one run_process call: an idle one, or a new one when all are busy. Empty
// when the system cannot run the helper (no memfd or no /proc); commands are then spawned
// directly. Given back when the lease ends if done() said its command was reaped; otherwise (an
// exception mid-run, a helper gone) it is killed and dropped.
class SpawnHelperLease {
 public:
  SpawnHelperLease();
  SpawnHelperLease(const SpawnHelperLease&) = delete;
  SpawnHelperLease& operator=(const SpawnHelperLease&) = delete;
  ~SpawnHelperLease();
  SpawnHelper* get() const { return helper_.get(); }
  void done() { reusable_ = true; }

 private:
  std::unique_ptr<SpawnHelper> helper_;
  bool reusable_ = false;
};

// Ends the idle helpers, so that the next run starts a new one. For hardware counters: a process
// inherits perf events opened before it was started only (counters.hpp), so a helper started
// before the counters were opened would start commands that nothing counts.
void discard_idle_spawn_helpers();

}  // namespace perfwatch::runner
