// Group commit: the results server's one writer thread. Request threads hand it submissions
// they have parsed and authorised, and wait; it takes every submission waiting (up to a batch
// size), stores them all in one transaction (BatchWriter), and answers each only after that
// COMMIT, or with the batch's error when the transaction failed and nothing of it was stored.
// One COMMIT, and one sync of DuckDB's write-ahead log, serves the whole batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "server/submission.hpp"
#include "store/batch_writer.hpp"
#include "store/duckdb.hpp"

namespace perfwatch::server {

class GroupCommit {
 public:
  // `connection` is the writer's own and the only one that stores reports while this exists.
  GroupCommit(std::unique_ptr<db::Connection> connection, std::size_t max_batch);
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;
  // Stores what is still queued, then stops the writer thread.
  ~GroupCommit();

  // Queues the submission and blocks until it is committed. Throws what made its batch fail
  // (db::DatabaseError); the submission is then not stored.
  StoredSubmission store(Submission submission);

 private:
  struct Waiting {
    Submission submission;
    std::promise<StoredSubmission> stored;
  };

  void run();
  void write(std::deque<Waiting>& batch);

  std::unique_ptr<db::Connection> connection_;
  BatchWriter writer_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<Waiting> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace perfwatch::server
