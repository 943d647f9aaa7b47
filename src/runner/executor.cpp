#include "runner/executor.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "runner/spawn.hpp"

namespace perfwatch::runner {
namespace {

using Seconds = std::chrono::duration<double>;

Failure failure_of(const ProcessResult& process, std::string phase, int run_index) {
  return Failure{std::move(phase),    run_index,         process.exit_code,
                 process.term_signal, process.timed_out, process.describe_failure(),
                 process.stderr_tail};
}

OwnedMetric metric_of(const InstanceResult& result, const Measure& measure,
                      std::vector<double> samples) {
  OwnedMetric metric;
  metric.benchmark = result.benchmark;
  metric.params_json = result.params.dump();
  metric.measure = measure;
  const auto [low, high] = std::minmax_element(samples.begin(), samples.end());
  double sum = 0;
  for (const double value : samples) sum += value;
  metric.value = sum / static_cast<double>(samples.size());
  metric.lower = *low;
  metric.upper = *high;
  metric.n = static_cast<int64_t>(samples.size());
  metric.samples = std::move(samples);
  return metric;
}

// Copies the adapter's metrics, adding the instance's parameters to the harness's own.
class HarnessSink final : public MetricSink {
 public:
  HarnessSink(InstanceResult& result) : result_(result) {}
  void add(const MetricRecord& record) override {
    OwnedMetric metric;
    metric.benchmark = record.benchmark;
    auto params = nlohmann::json::parse(record.params_json, nullptr, false);
    if (!params.is_object()) params = nlohmann::json::object();
    for (const auto& [key, value] : result_.params.items()) {
      if (!params.contains(key)) params[key] = value;
    }
    metric.params_json = params.dump();
    metric.measure = *record.measure;
    metric.value = record.value;
    metric.lower = record.lower;
    metric.upper = record.upper;
    metric.n = record.n;
    metric.samples.assign(record.samples.begin(), record.samples.end());
    result_.metrics.push_back(std::move(metric));
  }
  void set_tool_version(std::string_view) override {}

 private:
  InstanceResult& result_;
};

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    if (access((std::filesystem::path(folder.empty() ? "." : folder) / program).c_str(), X_OK) ==
        0) {
      return true;
    }
  }
  return false;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs expected for a benchmark whose runs take `mean_s`, by the plan.
int expected_runs(const RunPlan& plan, double mean_s) {
  double runs = plan.min_runs;
  if (mean_s > 0) {
    runs = std::max(runs, std::ceil(plan.min_time_s / mean_s));
    if (plan.max_time_s > 0)
      runs = std::min(runs, std::max(1.0, std::ceil(plan.max_time_s / mean_s)));
  }
  return static_cast<int>(std::min<double>(runs, plan.max_runs));
}

}  // namespace

std::optional<MeasureMode> parse_measure_mode(std::string_view text) {
  if (text == "time") return MeasureMode::time;
  if (text == "counters") return MeasureMode::counters;
  if (text == "instructions") return MeasureMode::instructions;
  return std::nullopt;
}

std::string_view to_string(MeasureMode mode) {
  switch (mode) {
    case MeasureMode::time:
      return "time";
    case MeasureMode::counters:
      return "counters";
    case MeasureMode::instructions:
      return "instructions";
  }
  return "time";
}

std::optional<double> callgrind_instructions(const std::vector<std::string>& file_texts) {
  std::optional<double> total;
  for (const auto& text : file_texts) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("summary:", 0) != 0) continue;
      // "summary: 123456": the first event is Ir, instructions executed.
      std::istringstream numbers(line.substr(8));
      double count = 0;
      if (numbers >> count) total = total.value_or(0) + count;
      break;
    }
  }
  return total;
}

Executor::Executor(ExecutorOptions options, Progress& progress)
    : options_(std::move(options)), progress_(progress), sampler_(options_.sample_interval) {
  if (options_.mode == MeasureMode::counters) {
    counters_ = std::make_unique<HardwareCounters>();
    if (!counters_->available()) {
      notes_.push_back(counters_->unavailable_reason());
      counters_.reset();
    }
  }
  if (options_.mode == MeasureMode::instructions && !on_path("valgrind")) {
    throw InputError(
        "--measure instructions: valgrind is not on PATH; install it (apt-get install valgrind) "
        "or use --measure time");
  }
  for (const auto& note : notes_) progress_.note(note);
}

Executor::~Executor() = default;

std::vector<InstanceResult> Executor::run_all(const std::vector<Instance>& instances) {
  std::vector<InstanceResult> results;
  for (std::size_t index = 0; index < instances.size(); ++index) {
    progress_.benchmark_started(index, instances.size(), instances[index].id);
    results.push_back(run(instances[index]));
    progress_.benchmark_finished(results.back());
    if (options_.fail_fast && results.back().failed()) break;
  }
  return results;
}

InstanceResult Executor::run(const Instance& instance) {
  InstanceResult result;
  result.id = instance.id;
  result.benchmark = instance.benchmark;
  result.params = instance.params;
  const bool harness = !instance.spec.adapter.empty();
  result.mode =
      harness ? "harness"
              : std::string(options_.mode == MeasureMode::instructions ? "instructions" : "timed");
  ProcessSpec process;
  process.cwd = instance.cwd;
  process.env = environment_with(instance.env);
  process.timeout_s = options_.plan.timeout_s ? options_.plan.timeout_s : instance.spec.timeout_s;

  if (instance.setup) {
    process.argv = instance.setup->argv;
    const auto setup = run_process(process);
    if (!setup.succeeded()) {
      result.failures.push_back(failure_of(setup, "setup", -1));
      return result;
    }
  }
  process.argv = instance.command.argv;
  sampler_.start();
  if (harness) {
    run_harness(instance, process, result);
  } else if (options_.mode == MeasureMode::instructions) {
    run_instructions(instance, process, result);
  } else {
    run_timed(instance, process, result);
  }
  result.resources = sampler_.stop();
  if (instance.teardown) {
    process.argv = instance.teardown->argv;
    process.capture_stdout = false;
    const auto teardown = run_process(process);
    if (!teardown.succeeded()) result.failures.push_back(failure_of(teardown, "teardown", -1));
  }
  // A benchmark that failed keeps no timings: the runs before the failure may not be typical.
  if (result.failed()) result.metrics.clear();
  for (const auto& metric : result.metrics) {
    if (metric.samples.empty()) continue;
    if (const auto summary = summarise(metric.samples)) {
      result.statistics[metric.measure.slug] = to_json(*summary);
    }
  }
  return result;
}

void Executor::run_timed(const Instance&, const ProcessSpec& process, InstanceResult& result) {
  const auto& plan = options_.plan;
  RunHooks hooks;
  HardwareCounters* counters = counters_.get();
  if (counters) hooks.before_start = [counters] { counters->reset_and_enable(); };
  hooks.started = [this](pid_t pid) { sampler_.watch(pid); };
  hooks.finished = [this, counters] {
    if (counters) counters->disable();
    sampler_.watch(0);
  };
  for (int warmup = 0; warmup < plan.warmup; ++warmup) {
    const auto run = run_process(process, hooks);
    if (!run.succeeded()) {
      result.failures.push_back(failure_of(run, "warmup", -1));
      return;
    }
  }
  std::vector<double> wall, user, system, cpu, rss;
  std::map<const Measure*, std::vector<double>> counted;
  double elapsed_s = 0;
  while (wants_another_run(plan, result.runs, elapsed_s)) {
    const auto run = run_process(process, hooks);
    if (!run.succeeded()) {
      result.failures.push_back(failure_of(run, "run", result.runs));
      return;
    }
    wall.push_back(static_cast<double>(run.wall_ns));
    user.push_back(static_cast<double>(run.user_ns));
    system.push_back(static_cast<double>(run.system_ns));
    cpu.push_back(static_cast<double>(run.user_ns + run.system_ns));
    rss.push_back(static_cast<double>(run.peak_rss_bytes));
    if (counters) {
      for (const auto& value : counters->read()) counted[value.measure].push_back(value.value);
    }
    ++result.runs;
    elapsed_s += static_cast<double>(run.wall_ns) * 1e-9;
    const double mean_s = elapsed_s / result.runs;
    const int expected = std::max(result.runs, expected_runs(plan, mean_s));
    progress_.run_finished(result.runs, expected, (expected - result.runs) * mean_s);
  }
  if (const auto summary = summarise(wall)) {
    result.wall = summary;
    result.warnings = timing_warnings(wall, *summary, options_.limits);
  }
  static const Measure user_time{"user_time", std::string(units::ns), Direction::lower_is_better};
  static const Measure system_time{"system_time", std::string(units::ns),
                                   Direction::lower_is_better};
  result.metrics.push_back(metric_of(result, measures::latency, std::move(wall)));
  result.metrics.push_back(metric_of(result, measures::cpu_time, std::move(cpu)));
  result.metrics.push_back(metric_of(result, user_time, std::move(user)));
  result.metrics.push_back(metric_of(result, system_time, std::move(system)));
  // 0 means not measured: the spawn helper could not run here (spawn.hpp).
  const bool rss_measured = !rss.empty() && *std::min_element(rss.begin(), rss.end()) > 0;
  if (rss_measured) {
    result.metrics.push_back(metric_of(result, measures::peak_rss, std::move(rss)));
  } else if (!rss_unmeasured_noted_) {
    rss_unmeasured_noted_ = true;
    notes_.push_back(
        "peak RSS is not measured: perfwatch's spawn helper cannot run here (it needs "
        "memfd_create and /proc)");
    progress_.note(notes_.back());
  }
  for (auto& [measure, values] : counted) {
    // A counter the kernel could not schedule in some run has fewer values: not comparable.
    if (static_cast<int>(values.size()) == result.runs) {
      result.metrics.push_back(metric_of(result, *measure, std::move(values)));
    }
  }
}

void Executor::run_instructions(const Instance&, ProcessSpec process, InstanceResult& result) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "perfwatch-callgrind-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path folder = pattern;
  std::vector<std::string> argv = {"valgrind", "--tool=callgrind", "--trace-children=yes",
                                   "--callgrind-out-file=" + (folder / "callgrind.%p").string()};
  argv.insert(argv.end(), process.argv.begin(), process.argv.end());
  process.argv = std::move(argv);
  RunHooks hooks;
  hooks.started = [this](pid_t pid) { sampler_.watch(pid); };
  hooks.finished = [this] { sampler_.watch(0); };
  // Instruction counts do not vary with caches or load: no warm-up, one run unless asked.
  const int runs = options_.plan.min_runs == options_.plan.max_runs ? options_.plan.min_runs : 1;
  std::vector<double> counts;
  for (int index = 0; index < runs; ++index) {
    const auto run = run_process(process, hooks);
    std::vector<std::string> texts;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      texts.push_back(read_text(entry.path()));
      std::filesystem::remove(entry.path());
    }
    if (!run.succeeded()) {
      result.failures.push_back(failure_of(run, "run", index));
      break;
    }
    const auto count = callgrind_instructions(texts);
    if (!count) {
      result.failures.push_back(Failure{"run", index, run.exit_code, std::nullopt, false,
                                        "callgrind wrote no instruction count", run.stderr_tail});
      break;
    }
    counts.push_back(*count);
    ++result.runs;
  }
  std::filesystem::remove_all(folder);
  if (!counts.empty())
    result.metrics.push_back(metric_of(result, measures::instructions, std::move(counts)));
}

void Executor::run_harness(const Instance& instance, ProcessSpec process, InstanceResult& result) {
  process.capture_stdout = instance.output.empty();
  const std::filesystem::path output =
      instance.output.empty() ? std::filesystem::path() : instance.cwd / instance.output;
  if (!output.empty()) std::filesystem::remove(output);  // never read a previous run's file
  RunHooks hooks;
  hooks.started = [this](pid_t pid) { sampler_.watch(pid); };
  hooks.finished = [this] { sampler_.watch(0); };
  const auto run = run_process(process, hooks);
  if (!run.succeeded()) {
    result.failures.push_back(failure_of(run, "harness", 0));
    return;
  }
  result.runs = 1;
  try {
    const InputFile input = output.empty() ? InputFile{instance.id + " (stdout)", run.stdout_text}
                                           : read_input_file(output.string());
    const std::string& name = instance.spec.adapter;
    const Adapter* adapter = name == "auto" ? find_detected_adapter(input) : find_adapter(name);
    if (adapter == nullptr) {
      throw InputError(name == "auto"
                           ? input.name + ": format not recognised"
                           : "unknown adapter '" + name + "'; one of: " + adapter_names());
    }
    HarnessSink sink(result);
    parse_input(*adapter, input, sink);
    if (result.metrics.empty()) throw InputError(input.name + ": the harness reported no results");
  } catch (const InputError& error) {
    result.failures.push_back(
        Failure{"output", 0, run.exit_code, std::nullopt, false,
                std::string("cannot read the harness's output: ") + error.what(), run.stderr_tail});
  }
}

}  // namespace perfwatch::runner
