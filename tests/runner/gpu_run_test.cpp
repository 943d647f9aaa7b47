// `perfwatch run` on a GPU testbed, with the stub NVML library standing in for libnvidia-ml:
// the receipt carries each sample's GPU state, and the run warns about throttling, unlocked
// clocks and persistence mode.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

std::map<std::string, std::string> stub(std::map<std::string, std::string> more) {
  more["PERFWATCH_NVML_LIBRARY"] = PERFWATCH_STUB_NVML;
  return more;
}

TEST(GpuRun, WarnsAboutThrottlingUnlockedClocksAndPersistenceMode) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.05\"\n");
  const auto result = run_perfwatch({"run", "--no-store", "--format", "json", "--warmup", "0",
                                     "--runs", "3", "--sample-interval", "5"},
                                    dir.path(),
                                    stub({{"STUB_NVML_PERSISTENCE", "0"},
                                          {"STUB_NVML_SM_CLOCKS", "1980,1410"},
                                          {"STUB_NVML_THROTTLE", "0,0x40"}}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("perfwatch: warning: nap: GPU 0 was throttled in"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("(hw_thermal)"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("sudo nvidia-smi --lock-gpu-clocks"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("sudo nvidia-smi -pm 1"), std::string::npos) << result.err;

  const auto receipt = nlohmann::json::parse(result.out);
  EXPECT_NE(receipt.dump().find("-gpu-"), std::string::npos);  // the derived testbed name
  const auto& benchmark = receipt.at("benchmarks").at(0);
  EXPECT_NE(benchmark.at("warnings").dump().find("throttled"), std::string::npos);
  EXPECT_NE(receipt.at("notes").dump().find("persistence mode off"), std::string::npos);
  bool throttled = false;
  for (const auto& sample : benchmark.at("resources")) {
    const auto& gpu = sample.at("gpus").at(0);
    EXPECT_EQ(gpu.at("power_w"), 350.0);
    throttled = throttled || gpu.at("throttled").get<bool>();
  }
  EXPECT_TRUE(throttled);
}

TEST(GpuRun, StoresEachGpusStateWithTheReport) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.05\"\n");
  const auto run = run_perfwatch(
      {"run", "--db", "gpu.duckdb", "--warmup", "0", "--runs", "3", "--sample-interval", "5"},
      dir.path(), stub({{"STUB_NVML_DEVICES", "2"}, {"STUB_NVML_THROTTLE", "0,0x4"}}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto query = run_perfwatch(
      {"--db", "gpu.duckdb", "sql",
       "SELECT count(DISTINCT gpu_index) AS gpus, bool_or(throttled) AS throttled, "
       "bool_and(throttled = (throttle_reasons = 4)) AS flagged, max(power_w) AS power, "
       "count(*) = 2 * (SELECT count(*) FROM resource_sample) AS every_sample FROM gpu_sample"},
      dir.path());
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(query.out,
            "gpus\tthrottled\tflagged\tpower\tevery_sample\n2\ttrue\ttrue\t350.0\ttrue\n");

  // The report site's data for the report page carries each GPU's series.
  const auto site = run_perfwatch({"--db", "gpu.duckdb", "report", "--out", "site"}, dir.path());
  ASSERT_EQ(site.exit_code, 0) << site.err;
  const auto data = testing::read_file(dir / "site" / "data" / "r" / "0.js");
  EXPECT_NE(data.find("\"gpus\":[{\"index\":0,\"t_ms\":["), std::string::npos) << data;
  EXPECT_NE(data.find("{\"index\":1,"), std::string::npos);
  EXPECT_NE(data.find("\"throttled\":[false, true"), std::string::npos);
}

TEST(GpuRun, ANamedTestbedWhoseDriverChangedIsMarked) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.01\"\n");
  const std::vector<std::string> args = {
      "run", "--db",     "gpu.duckdb", "--testbed",         "gpu-box", "--runs",
      "2",   "--warmup", "0",          "--sample-interval", "5"};
  const auto first = run_perfwatch(args, dir.path(), stub({}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find("changed since"), std::string::npos) << first.err;
  const auto same = run_perfwatch(args, dir.path(), stub({}));
  EXPECT_EQ(same.err.find("changed since"), std::string::npos) << same.err;
  const auto upgraded = run_perfwatch(args, dir.path(), stub({{"STUB_NVML_DRIVER", "560.35.03"}}));
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.err;
  EXPECT_NE(upgraded.err.find("perfwatch: warning: testbed gpu-box changed since its previous "
                              "report: GPU 0 driver_version 550.90.07 -> 560.35.03"),
            std::string::npos)
      << upgraded.err;
  const auto notes = run_perfwatch(
      {"--db", "gpu.duckdb", "sql",
       "SELECT count(*) FROM report WHERE settings LIKE '%changed since its previous report%'"},
      dir.path());
  EXPECT_EQ(notes.out, "count_star()\n1\n");
}

TEST(GpuRun, MergeKeepsTheGpuSamples) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.02\"\n");
  for (const std::string name : {"a", "b"}) {
    const auto run = run_perfwatch({"run", "--db", name + ".duckdb", "--testbed", name, "--runs",
                                    "2", "--warmup", "0", "--sample-interval", "5"},
                                   dir.path(), stub({}));
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  const auto count = [&](const std::string& db) {
    return run_perfwatch({"--db", db, "sql", "SELECT count(*) FROM gpu_sample"}, dir.path()).out;
  };
  const auto merged =
      run_perfwatch({"merge", "a.duckdb", "b.duckdb", "-o", "all.duckdb"}, dir.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const auto number = [](const std::string& out) { return std::stoi(out.substr(out.find('\n'))); };
  EXPECT_GT(number(count("a.duckdb")), 0);
  EXPECT_EQ(number(count("all.duckdb")), number(count("a.duckdb")) + number(count("b.duckdb")));
}

// Every GPU sample of a report, by benchmark name and time, whatever its report id.
constexpr const char* kGpuSamples =
    "SELECT b.name, g.t_ms, g.gpu_index, g.sm_clock_mhz, g.mem_clock_mhz, g.util_percent, "
    "g.mem_used_bytes, g.power_w, g.temperature_c, g.throttle_reasons, g.throttled FROM "
    "gpu_sample g JOIN benchmark b ON b.id = g.benchmark ORDER BY ALL";

TEST(GpuRun, IngestingTheReceiptStoresTheGpuSamplesAsTheRunDid) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.05\"\n");
  const auto run = run_perfwatch({"run", "--db", "run.duckdb", "--out", "perf.json", "--warmup",
                                  "0", "--runs", "3", "--sample-interval", "5"},
                                 dir.path(),
                                 stub({{"STUB_NVML_DEVICES", "2"},
                                       {"STUB_NVML_SM_CLOCKS", "1980,1410"},
                                       {"STUB_NVML_THROTTLE", "0,0x4"}}));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto ingest = run_perfwatch({"--db", "ingested.duckdb", "ingest", "perf.json"}, dir.path());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto samples = [&](const std::string& db) {
    const auto query = run_perfwatch({"--db", db, "sql", kGpuSamples}, dir.path());
    EXPECT_EQ(query.exit_code, 0) << query.err;
    return query.out;
  };
  const auto stored = samples("run.duckdb");
  EXPECT_NE(stored.find("\ttrue\n"), std::string::npos) << "a throttled sample: " << stored;
  EXPECT_NE(stored.find("nap\t"), std::string::npos) << stored;
  EXPECT_EQ(samples("ingested.duckdb"), stored);
}

TEST(GpuRun, AQuietGpuGivesNoWarning) {
  ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.02\"\n");
  const auto result = run_perfwatch({"run", "--no-store", "--format", "json", "--warmup", "0",
                                     "--runs", "2", "--sample-interval", "5"},
                                    dir.path(), stub({}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("GPU"), std::string::npos) << result.err;
  const auto receipt = nlohmann::json::parse(result.out);
  EXPECT_EQ(
      receipt.at("benchmarks").at(0).at("resources").at(0).at("gpus").at(0).at("sm_clock_mhz"),
      1980);
  // The stub's GPU is busy (97%) at 1980 MHz: the clock-normalised time is recorded beside.
  const auto& statistics = receipt.at("benchmarks").at(0).at("statistics");
  EXPECT_NEAR(statistics.at("gpu_sm_cycles").at("mean").get<double>(),
              statistics.at("latency").at("mean").get<double>() * 1980e-3, 1.0);
}

}  // namespace
}  // namespace perfwatch
