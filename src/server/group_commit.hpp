// Group commit: the results server's one writer thread. Request threads hand it submissions
// they have parsed and authorised, and wait; it takes every submission waiting (up to a batch
// size), stores them all in one transaction (ReportStore::store), and answers each only after
// that COMMIT, or with the batch's error when the transaction failed and nothing of it was
// stored. One COMMIT, and one sync of the database's log, serves the whole batch.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "core/report_record.hpp"
#include "store/report_store.hpp"

namespace perfwatch::server {

class GroupCommit {
 public:
  // `store` is used by the writer thread alone.
  GroupCommit(std::unique_ptr<ReportStore> store, std::size_t max_batch);
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;
  // Stores what is still queued, then stops the writer thread.
  ~GroupCommit();

  // Queues the submission and blocks until it is committed. Throws what made its batch fail
  // (db::DatabaseError); the submission is then not stored.
  StoredReport store(ReportRecord submission);

 private:
  struct Waiting {
    ReportRecord submission;
    std::promise<StoredReport> stored;
  };

  void run();
  void write(std::deque<Waiting>& batch);

  std::unique_ptr<ReportStore> store_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable queued_;
  std::deque<Waiting> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace perfwatch::server
