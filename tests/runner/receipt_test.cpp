#include "runner/receipt.hpp"

#include <gtest/gtest.h>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch::runner {
namespace {

// Keeps what a sink is handed, failures and resource samples included.
class RecordingSink final : public MetricSink {
 public:
  void add(const MetricRecord& record) override { metrics.add(record); }
  void set_tool_version(std::string_view version) override { tool_version = version; }
  void add_failure(const RunFailureRecord& failure) override {
    failures.push_back(
        std::string(failure.benchmark) + "|" + std::string(failure.params_json) + "|" +
        std::to_string(failure.run_index) + "|" + std::to_string(failure.exit_code.value_or(-99)) +
        "|" + std::to_string(failure.term_signal.value_or(-99)) + "|" +
        (failure.timed_out ? "timeout" : "") + "|" + std::string(failure.stderr_tail));
  }
  void add_resource_sample(const ResourceSampleRecord& sample) override {
    samples.push_back(sample.t_ms);
    samples.push_back(sample.cpu_percent.value_or(-1));
    samples.push_back(static_cast<double>(sample.rss_bytes.value_or(-1)));
  }
  void add_gpu_sample(const GpuSampleRecord& sample) override {
    gpus.push_back(OwnedGpuSample::from(sample));
  }
  testing::CollectingSink metrics;
  std::string tool_version;
  std::vector<std::string> failures;
  std::vector<double> samples;
  std::vector<OwnedGpuSample> gpus;
};

std::vector<InstanceResult> awkward_results() {
  InstanceResult ok;
  ok.id = "parse/n=8";
  ok.benchmark = "parse";
  ok.params = {{"n", 8}, {"mode", "fast"}, {"ratio", 0.1}};
  ok.mode = "timed";
  ok.runs = 3;
  OwnedMetric latency;
  latency.benchmark = "parse";
  latency.params_json = ok.params.dump();
  latency.measure = measures::latency;
  // Doubles that print badly unless written with every digit they need.
  latency.samples = {0.1 + 0.2, 1e-300, 123456789.123456789};
  latency.value = (latency.samples[0] + latency.samples[1] + latency.samples[2]) / 3;
  latency.lower = 1e-300;
  latency.upper = 123456789.123456789;
  latency.n = 3;
  ok.metrics.push_back(latency);
  ok.resources.push_back({12.345678901234, 99.5, 123456789012, std::nullopt, std::nullopt, {}});
  // Two GPUs: the first as an H200 under load read (tests/fixtures/nvidia-smi/
  // exporter_nvidia-h200__590.48.01_load.csv), the second held by its power cap with the
  // fields its driver does not report missing ("[N/A]").
  ResourceSample busy{112.5, 100.0, 1 << 20, 100.0, int64_t{32362} << 20, {}};
  busy.gpus.push_back({0, {1980, 3201, 100, int64_t{32362} << 20, 627.40, 52, 0}});
  busy.gpus.push_back(
      {1, {1410, std::nullopt, 97, std::nullopt, 699.87, std::nullopt, nvml::kThrottleSwPowerCap}});
  ok.resources.push_back(busy);
  InstanceResult failed;
  failed.id = "crash";
  failed.benchmark = "crash";
  failed.mode = "timed";
  failed.failures.push_back({"run", 2, std::nullopt, 11, false, "killed by signal 11", "boom\n"});
  failed.failures.push_back({"setup", -1, 1, std::nullopt, true, "timed out after 1 s", ""});
  return {ok, failed};
}

TEST(Receipt, IngestReadsBackExactlyWhatTheRunHandedTheStore) {
  ReportContext context;
  context.tool_version = "perfwatch 0.1.0";
  const auto results = awkward_results();
  RecordingSink direct;
  send_results(results, direct);

  const auto text = make_receipt(context, results, {"a note"}).dump(2);
  const InputFile input{"perf.json", text};
  const Adapter* adapter = find_detected_adapter(input);
  ASSERT_NE(adapter, nullptr);
  EXPECT_EQ(adapter->name(), "perfwatch_receipt");
  RecordingSink ingested;
  adapter->parse(input, ingested);

  EXPECT_EQ(ingested.tool_version, "perfwatch 0.1.0");
  ASSERT_EQ(ingested.metrics.metrics().size(), direct.metrics.metrics().size());
  for (std::size_t index = 0; index < direct.metrics.metrics().size(); ++index) {
    const auto& a = direct.metrics.metrics()[index];
    const auto& b = ingested.metrics.metrics()[index];
    EXPECT_EQ(a.benchmark, b.benchmark);
    EXPECT_EQ(a.params_json, b.params_json);
    EXPECT_EQ(a.measure, b.measure);
    EXPECT_EQ(a.value, b.value);  // exact: bit for bit
    EXPECT_EQ(a.lower, b.lower);
    EXPECT_EQ(a.upper, b.upper);
    EXPECT_EQ(a.n, b.n);
    EXPECT_EQ(a.samples, b.samples);
  }
  EXPECT_EQ(ingested.failures, direct.failures);
  ASSERT_EQ(direct.failures.size(), 2u);
  EXPECT_EQ(direct.failures[0], "crash|{}|2|-99|11||boom\n");
  // No stderr: the failure's message is what is stored.
  EXPECT_EQ(direct.failures[1], "crash|{}|-1|1|-99|timeout|timed out after 1 s");
  EXPECT_EQ(ingested.samples, direct.samples);
  ASSERT_EQ(direct.gpus.size(), 2u);
  EXPECT_EQ(ingested.gpus, direct.gpus);
  EXPECT_EQ(ingested.gpus[0].power_w, 627.40);
  EXPECT_EQ(ingested.gpus[1].t_ms, 112.5);
  EXPECT_TRUE(ingested.gpus[1].throttled);
  EXPECT_EQ(ingested.gpus[1].mem_clock_mhz, std::nullopt);
}

TEST(Receipt, MalformedGpuSampleNamesThePlace) {
  const Adapter* adapter = find_adapter("perfwatch_receipt");
  ASSERT_NE(adapter, nullptr);
  testing::CollectingSink sink;
  const std::string text =
      R"({"perfwatch_receipt": 1, "benchmarks": [{"benchmark": "a", "params": {}, "resources": [{"t_ms": 5, "gpus": [{"index": 0, "power_w": "hot", "throttled": false}]}]}]})";
  try {
    adapter->parse(InputFile{"perf.json", text}, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "perf.json: at benchmarks[0].resources[0].gpus[0].power_w: expected a number or "
              "null");
  }
}

TEST(Receipt, MalformedReceiptNamesThePlace) {
  const Adapter* adapter = find_adapter("perfwatch_receipt");
  ASSERT_NE(adapter, nullptr);
  testing::CollectingSink sink;
  const std::string text =
      R"({"perfwatch_receipt": 1, "benchmarks": [{"benchmark": "a", "params": {}, "metrics": [{"benchmark": "a", "params": {}, "measure": "latency", "units": "ns", "direction": "sideways", "value": 1}]}]})";
  try {
    adapter->parse(InputFile{"perf.json", text}, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()),
              "perf.json: at benchmarks[0].metrics[0].direction: expected lower_is_better or "
              "higher_is_better");
  }
  try {
    adapter->parse(InputFile{"perf.json", "{\"perfwatch_receipt\": 1,\n \"benchmarks\": ["}, sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()).rfind("perf.json: line 2", 0), 0u) << error.what();
  }
}

}  // namespace
}  // namespace perfwatch::runner
