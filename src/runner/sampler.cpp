#include "runner/sampler.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstring>

namespace perfwatch::runner {

// Every GPU NVML lists, read once per sample.
class GpuProbe {
 public:
  bool available() const { return library_.available() && library_.device_count() > 0; }
  void sample(ResourceSample& sample) const {
    for (unsigned index = 0; index < library_.device_count(); ++index) {
      sample.gpus.push_back({index, library_.state(index)});
    }
    if (sample.gpus.empty()) return;
    const auto& first = sample.gpus.front().state;
    if (first.util_percent) sample.gpu_util_percent = *first.util_percent;
    sample.gpu_mem_bytes = first.mem_used_bytes;
  }

 private:
  nvml::Library library_;
};

std::optional<ProcStat> read_proc_stat(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/stat", static_cast<int>(pid));
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::array<char, 1024> buffer{};
  const ssize_t size = read(fd, buffer.data(), buffer.size() - 1);
  close(fd);
  if (size <= 0) return std::nullopt;
  // The command name (field 2) may hold spaces and parentheses: fields are counted after the
  // last ')'. Field 3 is the state; utime and stime are fields 14 and 15, rss field 24.
  const char* cursor = strrchr(buffer.data(), ')');
  if (!cursor) return std::nullopt;
  ++cursor;
  unsigned long long utime = 0, stime = 0;
  long long rss = 0;
  int field = 2;
  while (*cursor && field < 24) {
    while (*cursor == ' ') ++cursor;
    ++field;
    char* end = nullptr;
    if (field == 14)
      utime = std::strtoull(cursor, &end, 10);
    else if (field == 15)
      stime = std::strtoull(cursor, &end, 10);
    else if (field == 24)
      rss = std::strtoll(cursor, &end, 10);
    while (*cursor && *cursor != ' ') ++cursor;
  }
  if (field < 24) return std::nullopt;
  return ProcStat{utime + stime, rss};
}

ResourceSampler::ResourceSampler(std::chrono::milliseconds interval) : interval_(interval) {
  if (interval_.count() > 0) gpu_ = std::make_unique<GpuProbe>();
}

ResourceSampler::~ResourceSampler() { stop(); }

bool ResourceSampler::has_gpu() const { return gpu_ && gpu_->available(); }

void ResourceSampler::start() {
  stop();
  if (interval_.count() <= 0) return;
  samples_.clear();
  last_pid_ = 0;
  stopping_ = false;
  started_ = std::chrono::steady_clock::now();
  thread_ = std::thread([this] { loop(); });
}

std::vector<ResourceSample> ResourceSampler::stop() {
  if (thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }
  return std::move(samples_);
}

void ResourceSampler::loop() {
  std::unique_lock lock(mutex_);
  auto next = started_ + interval_;
  while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
    take_sample();
    next += interval_;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now + interval_;  // fell behind: skip, do not burst
  }
}

void ResourceSampler::take_sample() {
  static const long ticks_per_s = sysconf(_SC_CLK_TCK);
  static const long page_bytes = sysconf(_SC_PAGESIZE);
  const auto now = std::chrono::steady_clock::now();
  ResourceSample sample;
  sample.t_ms = std::chrono::duration<double, std::milli>(now - started_).count();
  const pid_t pid = pid_.load(std::memory_order_relaxed);
  if (pid > 0) {
    if (const auto stat = read_proc_stat(pid)) {
      sample.rss_bytes = stat->rss_pages * page_bytes;
      if (pid == last_pid_) {
        const double seconds = std::chrono::duration<double>(now - last_time_).count();
        const double cpu_s = static_cast<double>(stat->cpu_ticks - last_stat_.cpu_ticks) /
                             static_cast<double>(ticks_per_s);
        if (seconds > 0) sample.cpu_percent = 100.0 * cpu_s / seconds;
      }
      last_pid_ = pid;
      last_stat_ = *stat;
      last_time_ = now;
    }
  }
  if (gpu_ && gpu_->available()) gpu_->sample(sample);
  if (sample.rss_bytes || !sample.gpus.empty()) {
    samples_.push_back(sample);
  }
}

}  // namespace perfwatch::runner
