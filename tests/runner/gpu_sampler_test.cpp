// The sampler's GPU state through the stub NVML library (tests/integrations/stub_nvml.cpp),
// opened through PERFWATCH_NVML_LIBRARY like libnvidia-ml on a GPU machine, and the warnings
// drawn from GPU samples and from a testbed's GPUs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "runner/gpu_warnings.hpp"
#include "runner/sampler.hpp"

namespace perfwatch::runner {
namespace {

// Sets environment variables for one test and removes them after it.
class ScopedEnvironment {
 public:
  ScopedEnvironment(std::initializer_list<std::pair<const char*, const char*>> variables) {
    for (const auto& [name, value] : variables) {
      setenv(name, value, 1);
      names_.push_back(name);
    }
  }
  ~ScopedEnvironment() {
    for (const char* name : names_) unsetenv(name);
  }

 private:
  std::vector<const char*> names_;
};

GpuSample gpu(unsigned index, unsigned sm_clock, unsigned util, uint64_t reasons) {
  GpuSample sample;
  sample.index = index;
  sample.state.sm_clock_mhz = sm_clock;
  sample.state.util_percent = util;
  sample.state.throttle_reasons = reasons;
  return sample;
}

ResourceSample at(std::vector<GpuSample> gpus) {
  ResourceSample sample;
  sample.gpus = std::move(gpus);
  return sample;
}

TEST(GpuSampler, SamplesEveryGpuOfTheStubNvml) {
  ScopedEnvironment environment{{"PERFWATCH_NVML_LIBRARY", PERFWATCH_STUB_NVML},
                                {"STUB_NVML_DEVICES", "2"},
                                {"STUB_NVML_SM_CLOCKS", "1980,1410"},
                                {"STUB_NVML_THROTTLE", "0,0x40"}};
  ResourceSampler sampler(std::chrono::milliseconds(5));
  ASSERT_TRUE(sampler.has_gpu());
  // Two samples show both of the stub's clocks. A loaded machine may take fewer in a short
  // series, so a longer one is taken until two came: the test judges no time.
  std::vector<ResourceSample> samples;
  for (auto wait = std::chrono::milliseconds(50);
       samples.size() < 2 && wait <= std::chrono::seconds(13); wait *= 2) {
    sampler.start();
    std::this_thread::sleep_for(wait);
    samples = sampler.stop();
  }
  ASSERT_GE(samples.size(), 2u);
  bool saw_throttled = false, saw_full_speed = false;
  for (const auto& sample : samples) {
    ASSERT_EQ(sample.gpus.size(), 2u);
    EXPECT_EQ(sample.gpus[1].index, 1u);
    const auto& state = sample.gpus[0].state;
    EXPECT_EQ(state.power_w, 350.0);
    EXPECT_EQ(state.temperature_c, 65u);
    EXPECT_EQ(state.mem_clock_mhz, 2619u);
    EXPECT_EQ(state.mem_used_bytes, int64_t{1} << 30);
    EXPECT_EQ(sample.gpu_util_percent, 97.0);  // the first GPU's, as before
    // The stub hands out its clocks and reasons in turn: 1980 MHz unthrottled, then 1410 MHz
    // with hardware thermal slowdown.
    if (sample.gpus[0].throttled()) {
      saw_throttled = true;
      EXPECT_EQ(state.throttle_reasons, 0x40u);
      EXPECT_EQ(state.sm_clock_mhz, 1410u);
    } else {
      saw_full_speed = true;
      EXPECT_EQ(state.sm_clock_mhz, 1980u);
    }
  }
  EXPECT_TRUE(saw_throttled);
  EXPECT_TRUE(saw_full_speed);
}

TEST(GpuSampler, NoNvmlNoGpuSamples) {
  ScopedEnvironment environment{{"PERFWATCH_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"}};
  ResourceSampler sampler(std::chrono::milliseconds(5));
  EXPECT_FALSE(sampler.has_gpu());
}

TEST(GpuWarnings, ThrottledSamplesAreCountedWithTheirReasons) {
  const std::vector<ResourceSample> samples = {
      at({gpu(0, 1980, 90, 0), gpu(1, 1980, 90, 0x1)}),  // 0x1: idle, not throttling
      at({gpu(0, 1980, 90, 0x4), gpu(1, 1980, 90, 0)}),
      at({gpu(0, 1980, 90, 0x40 | 0x2), gpu(1, 1980, 90, 0)}),
  };
  const auto warnings = gpu_sample_warnings(samples);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("GPU 0 was throttled in 2 of 3 samples (sw_power_cap, hw_thermal)"),
            std::string::npos)
      << warnings[0];
}

TEST(GpuWarnings, ClocksThatMoveWhileBusyAreNotLocked) {
  const auto moving = gpu_sample_warnings({at({gpu(0, 1980, 90, 0)}), at({gpu(0, 1755, 95, 0)})});
  ASSERT_EQ(moving.size(), 1u);
  EXPECT_NE(moving[0].find("between 1755 and 1980 MHz"), std::string::npos) << moving[0];
  EXPECT_NE(moving[0].find("nvidia-smi --lock-gpu-clocks"), std::string::npos);
  // One 15 MHz boost step, and an idle GPU's low clock, are no reason to warn.
  EXPECT_TRUE(gpu_sample_warnings({at({gpu(0, 1980, 90, 0)}), at({gpu(0, 1965, 90, 0)})}).empty());
  EXPECT_TRUE(gpu_sample_warnings({at({gpu(0, 1980, 90, 0)}), at({gpu(0, 345, 0, 1)})}).empty());
  EXPECT_TRUE(gpu_sample_warnings({ResourceSample{}}).empty());
}

TEST(GpuWarnings, PersistenceModeOffSaysHowToTurnItOn) {
  const auto gpus = nlohmann::json::parse(R"([
    {"name": "NVIDIA H100 80GB HBM3", "persistence_mode": true},
    {"name": "NVIDIA A100-SXM4-40GB", "persistence_mode": false},
    {"name": "NVIDIA GeForce RTX 4090"}])");
  const auto warnings = gpu_testbed_warnings(gpus);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("GPU 1 (NVIDIA A100-SXM4-40GB) has persistence mode off"),
            std::string::npos);
  EXPECT_NE(warnings[0].find("nvidia-smi -pm 1"), std::string::npos);
  EXPECT_TRUE(gpu_testbed_warnings(nlohmann::json::array()).empty());
}

}  // namespace
}  // namespace perfwatch::runner
