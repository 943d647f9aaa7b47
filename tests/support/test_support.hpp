// Helpers shared by perfwatch's tests: a scratch folder per test, the perfwatch binary run as a
// user would run it, fixture paths, and an in-memory MetricSink for adapter tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/report_record.hpp"

namespace perfwatch::testing {

// A fresh empty folder, removed when the object goes away.
class ScratchDir {
 public:
  ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv (no shell) in `cwd` with extra environment variables and optional stdin text.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::filesystem::path& cwd = std::filesystem::current_path(),
                          const std::map<std::string, std::string>& env = {},
                          const std::string& stdin_text = "");
// Runs the perfwatch binary under test with args.
CommandResult run_perfwatch(const std::vector<std::string>& args,
                            const std::filesystem::path& cwd = std::filesystem::current_path(),
                            const std::map<std::string, std::string>& env = {},
                            const std::string& stdin_text = "");

std::filesystem::path fixture(const std::string& relative_path);
std::string read_file(const std::filesystem::path& path);
void write_file(const std::filesystem::path& path, const std::string& text);

// Keeps what an adapter produced, each metric copied out of its views.
class CollectingSink final : public MetricSink {
 public:
  void add(const MetricRecord& metric) override;
  void set_tool_version(std::string_view tool_version) override { tool_version_ = tool_version; }

  const std::vector<OwnedMetric>& metrics() const { return metrics_; }
  const std::string& tool_version() const { return tool_version_; }
  // The metric for (benchmark, measure slug); fails the test when absent.
  const OwnedMetric& find(const std::string& benchmark, const std::string& measure) const;
  // The same for one params_json (canonical JSON, sorted keys) of a parametrised benchmark.
  const OwnedMetric& find(const std::string& benchmark, const std::string& measure,
                          const std::string& params_json) const;

 private:
  std::vector<OwnedMetric> metrics_;
  std::string tool_version_;
};

}  // namespace perfwatch::testing
