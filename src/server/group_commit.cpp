#include "server/group_commit.hpp"

#include <vector>

namespace perfwatch::server {

GroupCommit::GroupCommit(std::unique_ptr<ReportStore> store, std::size_t max_batch)
    : store_(std::move(store)), max_batch_(max_batch), thread_([this] { run(); }) {}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

StoredReport GroupCommit::store(ReportRecord submission) {
  auto stored = [&] {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(submission), {}});
    return queue_.back().stored.get_future();
  }();
  queued_.notify_one();
  return stored.get();
}

void GroupCommit::run() {
  std::deque<Waiting> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to store
      const auto taken = std::min(queue_.size(), max_batch_);
      std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken),
                std::back_inserter(batch));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
    }
    write(batch);
    batch.clear();
  }
}

void GroupCommit::write(std::deque<Waiting>& batch) {
  std::vector<PendingReport> pending;
  pending.reserve(batch.size());
  for (const auto& waiting : batch) pending.push_back(PendingReport::of(waiting.submission));
  try {
    auto written = store_->store(pending);
    for (std::size_t index = 0; index < batch.size(); ++index) {
      batch[index].stored.set_value(std::move(written[index]));
    }
  } catch (...) {
    for (auto& waiting : batch) waiting.stored.set_exception(std::current_exception());
  }
}

}  // namespace perfwatch::server
