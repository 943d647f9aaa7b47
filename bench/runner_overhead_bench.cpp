// perfwatch run against hyperfine (--shell=none) on the same commands in one run: what each
// reports for `true` and `sleep 0.05`, and the wall time each tool spends per run in all (its
// per-run overhead). Then the CPU cost of resource sampling: the sampler's own CPU time while it
// watches a sleeping process, as a share of one core. Rounds alternate the tools so that drift
// of the machine touches both alike. Needs hyperfine on PATH (Debian package hyperfine).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "runner/spawn.hpp"
#include "sampler_cost.hpp"

namespace {

using perfwatch::bench::Stopwatch;
using perfwatch::bench::TempDir;
using namespace perfwatch::runner;

constexpr int kRuns = 200;      // per tool and round for `true`
constexpr int kSleepRuns = 20;  // per tool and round for `sleep 0.05`

std::string read_text(const std::string& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string run_capture(const std::vector<std::string>& argv) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.cwd = std::filesystem::current_path();
  spec.env = environment_with({});
  spec.capture_stdout = true;
  const auto result = run_process(spec);
  if (!result.succeeded()) {
    std::fprintf(stderr, "%s failed: %s %s\n", argv[0].c_str(), result.describe_failure().c_str(),
                 result.stderr_tail.c_str());
    std::exit(1);
  }
  return result.stdout_text;
}

struct Figures {
  double true_mean_s = 0;     // what the tool reports for `true`
  double sleep_mean_s = 0;    // what the tool reports for `sleep 0.05`
  double wall_per_run_s = 0;  // the tool's own wall time per run of `true`, all costs included
};

Figures hyperfine(const TempDir& dir) {
  const auto out = (dir / "hyperfine.json").string();
  Figures figures;
  Stopwatch watch;
  run_capture({"hyperfine", "--shell=none", "--style=none", "--warmup", "3", "--runs",
               std::to_string(kRuns), "--export-json", out, "true"});
  figures.wall_per_run_s = watch.seconds() / (kRuns + 3);
  figures.true_mean_s = nlohmann::json::parse(read_text(out))["results"][0]["mean"];
  run_capture({"hyperfine", "--shell=none", "--style=none", "--warmup", "3", "--runs",
               std::to_string(kSleepRuns), "--export-json", out, "sleep 0.05"});
  figures.sleep_mean_s = nlohmann::json::parse(read_text(out))["results"][0]["mean"];
  return figures;
}

Figures perfwatch_run(const std::string& binary, const TempDir& dir) {
  const auto suite = (dir / "perfwatch.toml").string();
  const auto receipt = [&](const char* filter, int runs) {
    return nlohmann::json::parse(
        run_capture({binary, "run", "--suite", suite, "--no-store", "--quiet", "--format", "json",
                     "--warmup", "3", "--runs", std::to_string(runs), "--filter", filter}));
  };
  Figures figures;
  Stopwatch watch;
  auto json = receipt("^true$", kRuns);
  figures.wall_per_run_s = watch.seconds() / (kRuns + 3);
  figures.true_mean_s = json["benchmarks"][0]["statistics"]["latency"]["mean"].get<double>() * 1e-9;
  json = receipt("^sleep$", kSleepRuns);
  figures.sleep_mean_s =
      json["benchmarks"][0]["statistics"]["latency"]["mean"].get<double>() * 1e-9;
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  perfwatch::bench::Flags flags(argc, argv);
  // --runs=N is the same as --rounds=N, so that scripts/bench's --runs reaches it too.
  const int rounds = static_cast<int>(flags.number("runs", flags.number("rounds", 5)));
  // Another perfwatch binary (an older build, say) to measure against the same hyperfine runs.
  std::string binary = flags.text("perfwatch");
  if (binary.empty()) binary = PERFWATCH_BINARY;
  flags.reject_unknown(
      "--rounds=N or --runs=N (default 5), --perfwatch=PATH (default this build's)");
  std::printf("perfwatch: %s\n", binary.c_str());
  TempDir dir;
  perfwatch::bench::write_file(
      dir / "perfwatch.toml",
      "[[benchmark]]\nname = \"true\"\ncommand = [\"true\"]\n"
      "[[benchmark]]\nname = \"sleep\"\ncommand = [\"sleep\", \"0.05\"]\n");
  // Per round, perfwatch / hyperfine; the median over rounds resists a noisy neighbour.
  std::vector<double> true_ratio, wall_ratio, sleep_ratio;
  for (int round = 0; round < rounds; ++round) {
    const auto hf = hyperfine(dir);
    const auto pw = perfwatch_run(binary, dir);
    std::printf(
        "round %d: true mean hyperfine %.3f ms, perfwatch %.3f ms; wall per run hyperfine %.3f "
        "ms, perfwatch %.3f ms; sleep 0.05 mean hyperfine %.3f ms, perfwatch %.3f ms\n",
        round + 1, hf.true_mean_s * 1e3, pw.true_mean_s * 1e3, hf.wall_per_run_s * 1e3,
        pw.wall_per_run_s * 1e3, hf.sleep_mean_s * 1e3, pw.sleep_mean_s * 1e3);
    true_ratio.push_back(pw.true_mean_s / hf.true_mean_s);
    wall_ratio.push_back(pw.wall_per_run_s / hf.wall_per_run_s);
    sleep_ratio.push_back(pw.sleep_mean_s / hf.sleep_mean_s);
  }
  const auto report = [rounds](const char* what, std::vector<double> ratios) {
    std::sort(ratios.begin(), ratios.end());
    std::printf("%s perfwatch/hyperfine: median %.4f over %d rounds (min %.4f, max %.4f)\n", what,
                ratios[ratios.size() / 2], rounds, ratios.front(), ratios.back());
  };
  report("true, reported mean:", true_ratio);
  report("true, wall time per run (all costs):", wall_ratio);
  report("sleep 0.05, reported mean:", sleep_ratio);
  const double baseline = perfwatch::bench::sampler_cost(0).cpu_percent;
  for (const int interval_ms : {100, 10}) {
    const auto with = perfwatch::bench::sampler_cost(interval_ms);
    std::printf(
        "resource sampling every %d ms: %.3f%% of one core (%.3f%% with it, %.3f%% without; %zu "
        "samples in 2 s)\n",
        interval_ms, with.cpu_percent - baseline, with.cpu_percent, baseline, with.samples);
  }
}
