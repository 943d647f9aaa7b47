// The clock-normalised time (gpu_sm_cycles) from latency samples and GPU samples made up here.
#include "runner/gpu_cycles.hpp"

#include <gtest/gtest.h>

namespace perfwatch::runner {
namespace {

GpuSample gpu(unsigned index, unsigned util, unsigned sm_clock) {
  GpuSample sample;
  sample.index = index;
  sample.state.util_percent = util;
  sample.state.sm_clock_mhz = sm_clock;
  return sample;
}

InstanceResult timed_result(std::vector<std::vector<GpuSample>> gpus_per_sample) {
  InstanceResult result;
  result.benchmark = "infer";
  result.mode = "timed";
  OwnedMetric latency;
  latency.benchmark = "infer";
  latency.measure = measures::latency;
  latency.samples = {1e6, 2e6};  // 1 ms and 2 ms
  latency.value = 1.5e6;
  latency.lower = 1e6;
  latency.upper = 2e6;
  latency.n = 2;
  result.metrics.push_back(latency);
  for (auto& gpus : gpus_per_sample) {
    ResourceSample sample;
    sample.gpus = std::move(gpus);
    result.resources.push_back(std::move(sample));
  }
  return result;
}

TEST(GpuCycles, LatencyTimesTheBusiestGpusMeanBusyClock) {
  // GPU 0 idles at a low clock; GPU 1 works at 1400 then 1600 MHz (mean 1500).
  auto result = timed_result({{gpu(0, 0, 345), gpu(1, 90, 1400)},
                              {gpu(0, 0, 345), gpu(1, 95, 1600)},
                              {gpu(0, 3, 1980), gpu(1, 0, 210)}});
  ASSERT_TRUE(add_gpu_sm_cycles(result));
  ASSERT_EQ(result.metrics.size(), 2u);
  const auto& cycles = result.metrics[1];
  EXPECT_EQ(cycles.measure, gpu_sm_cycles);
  // 1 ms at 1500 MHz is 1.5 million cycles.
  EXPECT_DOUBLE_EQ(cycles.samples[0], 1.5e6);
  EXPECT_DOUBLE_EQ(cycles.samples[1], 3e6);
  EXPECT_DOUBLE_EQ(cycles.value, 2.25e6);
  EXPECT_DOUBLE_EQ(*cycles.upper, 3e6);
  EXPECT_DOUBLE_EQ(result.statistics.at("gpu_sm_cycles").at("mean").get<double>(), 2.25e6);
}

TEST(GpuCycles, NothingWithoutABusyGpu) {
  auto idle = timed_result({{gpu(0, 0, 345)}});
  EXPECT_FALSE(add_gpu_sm_cycles(idle));
  EXPECT_EQ(idle.metrics.size(), 1u);
  auto cpu_only = timed_result({});
  EXPECT_FALSE(add_gpu_sm_cycles(cpu_only));
  EXPECT_FALSE(cpu_only.statistics.contains("gpu_sm_cycles"));
}

}  // namespace
}  // namespace perfwatch::runner
