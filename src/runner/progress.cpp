#include "runner/progress.hpp"

#include <fmt/format.h>

#include "core/format.hpp"
#include "core/measure.hpp"

namespace perfwatch::runner {
namespace {

std::string outcome(const InstanceResult& result) {
  if (result.failed()) {
    const auto& failure = result.failures.front();
    return fmt::format("FAILED ({} {})", failure.phase, failure.message);
  }
  if (result.wall) {
    return fmt::format("{} ± {} ({} runs)", humanise(result.wall->mean, units::ns),
                       humanise(result.wall->stddev.value_or(0), units::ns), result.runs);
  }
  return fmt::format("{} metrics", result.metrics.size());
}

class LineProgress final : public Progress {
 public:
  LineProgress(std::ostream& out, bool verbose) : out_(out), verbose_(verbose) {}
  void benchmark_started(std::size_t index, std::size_t count, const std::string& id) override {
    prefix_ = fmt::format("[{}/{}] {}", index + 1, count, id);
    if (verbose_) out_ << prefix_ << ": started\n" << std::flush;
  }
  void run_finished(int runs, int expected_runs, double eta_s) override {
    if (verbose_) {
      out_ << fmt::format("{}: run {} of up to {}, about {:.1f} s left\n", prefix_, runs,
                          expected_runs, eta_s)
           << std::flush;
    }
  }
  void benchmark_finished(const InstanceResult& result) override {
    out_ << prefix_ << ": " << outcome(result) << "\n";
    for (const auto& warning : result.warnings) out_ << "  warning: " << warning << "\n";
    for (const auto& failure : result.failures) {
      if (verbose_ && !failure.stderr_tail.empty())
        out_ << "  stderr: " << failure.stderr_tail << "\n";
    }
    out_ << std::flush;
  }
  void note(const std::string& text) override { out_ << "note: " << text << "\n" << std::flush; }

 private:
  std::ostream& out_;
  bool verbose_;
  std::string prefix_;
};

// Redraws one status line with a carriage return; finished benchmarks stay as lines above it.
class TerminalProgress final : public Progress {
 public:
  explicit TerminalProgress(std::ostream& out) : out_(out) {}
  void benchmark_started(std::size_t index, std::size_t count, const std::string& id) override {
    prefix_ = fmt::format("[{}/{}] {}", index + 1, count, id);
    draw(prefix_ + ": starting");
  }
  void run_finished(int runs, int expected_runs, double eta_s) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(50)) return;  // drawing costs too
    last_draw_ = now;
    draw(fmt::format("{}: run {}/{}  ETA {:.1f} s", prefix_, runs, expected_runs, eta_s));
  }
  void benchmark_finished(const InstanceResult& result) override {
    draw(prefix_ + ": " + outcome(result));
    out_ << "\n";
    for (const auto& warning : result.warnings) out_ << "  warning: " << warning << "\n";
    out_ << std::flush;
  }
  void note(const std::string& text) override {
    out_ << "\r\x1b[2K"
         << "note: " << text << "\n"
         << std::flush;
  }

 private:
  void draw(const std::string& line) { out_ << "\r\x1b[2K" << line << std::flush; }
  std::ostream& out_;
  std::string prefix_;
  std::chrono::steady_clock::time_point last_draw_{};
};

class QuietProgress final : public Progress {
 public:
  void benchmark_started(std::size_t, std::size_t, const std::string&) override {}
  void run_finished(int, int, double) override {}
  void benchmark_finished(const InstanceResult&) override {}
  void note(const std::string&) override {}
};

}  // namespace

std::unique_ptr<Progress> make_progress(ProgressStyle style, std::ostream& out, bool verbose) {
  switch (style) {
    case ProgressStyle::terminal:
      if (!verbose) return std::make_unique<TerminalProgress>(out);
      return std::make_unique<LineProgress>(out, verbose);
    case ProgressStyle::lines:
      return std::make_unique<LineProgress>(out, verbose);
    case ProgressStyle::quiet:
      return std::make_unique<QuietProgress>();
  }
  return nullptr;
}

}  // namespace perfwatch::runner
