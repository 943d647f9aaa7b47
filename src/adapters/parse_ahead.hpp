// ParseAhead: an adapter's parse on a thread of its own, a few pieces ahead of the thread that
// hands the records to the sink (the database's appender), so that on two cores parsing and
// storing overlap. Pieces go through a fixed ring of reusable slots: memory is that of the slots,
// whatever the size of the input. What the parse throws reaches the consumer in its place, after
// every piece parsed before it, so that a sink sees exactly what a parse on one thread would
// have handed it before failing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace perfwatch {

template <typename Slot>
class ParseAhead {
 public:
  // `fill` fills the slot it is given with the next piece, or answers false when there is none
  // left. It runs on the parse thread only, one slot at a time; a slot is handed to it again
  // only once the consumer has moved past it.
  ParseAhead(std::size_t slots, std::function<bool(Slot&)> fill)
      : slots_(slots), fill_(std::move(fill)), thread_([this] { parse(); }) {}
  ParseAhead(const ParseAhead&) = delete;
  ParseAhead& operator=(const ParseAhead&) = delete;
  // Stops the parse (after the piece it is filling, if any) and waits for its thread.
  ~ParseAhead() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The next piece, valid until the next call; nullptr after the last. Rethrows what the parse
  // threw once the pieces before it have been taken.
  Slot* next() {
    std::unique_lock lock(mutex_);
    if (holding_) {
      holding_ = false;
      ++taken_;
      changed_.notify_all();
    }
    changed_.wait(lock, [this] { return filled_ > taken_ || finished_; });
    if (filled_ == taken_) {
      if (error_) std::rethrow_exception(error_);
      return nullptr;
    }
    holding_ = true;
    return &slots_[taken_ % slots_.size()];
  }

 private:
  void parse() {
    try {
      for (;;) {
        Slot* slot = nullptr;
        {
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [this] { return filled_ - taken_ < slots_.size() || stopping_; });
          if (stopping_) break;
          slot = &slots_[filled_ % slots_.size()];
        }
        // Outside the lock: the consumer reads the other slots meanwhile.
        if (!fill_(*slot)) break;
        {
          std::lock_guard lock(mutex_);
          ++filled_;
        }
        changed_.notify_all();
      }
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    changed_.notify_all();
  }

  std::vector<Slot> slots_;
  std::function<bool(Slot&)> fill_;
  std::mutex mutex_;
  std::condition_variable changed_;  // a slot filled or freed, the parse finished, or stopping
  std::size_t filled_ = 0;           // pieces filled so far
  std::size_t taken_ = 0;            // pieces the consumer is done with
  bool holding_ = false;             // the consumer holds piece `taken_`
  bool finished_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace perfwatch
