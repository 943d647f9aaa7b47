// NVIDIA's management library (NVML, libnvidia-ml.so.1) opened at run time with dlopen: no build
// dependency on CUDA, and nothing happens on a machine without an NVIDIA driver. Owns the
// handful of NVML functions perfwatch calls, their C declarations (the documented ABI of nvml.h,
// https://docs.nvidia.com/deploy/nvml-api/), and reading one GPU's identity or state with them.
// PERFWATCH_NVML_LIBRARY names another library to open instead (the tests' stub NVML).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace perfwatch::nvml {

// What does not change while a GPU runs: the testbed's GPU facts. Absent: NVML could not say.
struct DeviceIdentity {
  std::string name;
  std::string uuid;
  std::optional<int64_t> memory_total_bytes;
  std::string compute_capability;  // "9.0"
  std::optional<unsigned> pcie_generation;
  std::optional<unsigned> pcie_width;
  std::optional<bool> persistence_mode;
  std::optional<bool> mig_mode;
  std::optional<bool> ecc;
  std::optional<double> power_limit_w;
  std::optional<unsigned> application_sm_clock_mhz;
  std::optional<unsigned> application_mem_clock_mhz;
  std::optional<unsigned> max_sm_clock_mhz;
  std::optional<unsigned> max_mem_clock_mhz;
};

// What a GPU is doing at one moment.
struct DeviceState {
  std::optional<unsigned> sm_clock_mhz;
  std::optional<unsigned> mem_clock_mhz;
  std::optional<unsigned> util_percent;
  std::optional<int64_t> mem_used_bytes;
  std::optional<double> power_w;
  std::optional<unsigned> temperature_c;
  std::optional<uint64_t> throttle_reasons;  // nvmlClocksThrottleReason* bits
};

// nvmlClocksThrottleReason* bits of nvml.h that mean the GPU is held below the clock it would
// run at: power cap, hardware slowdown, software and hardware thermal slowdown, power brake.
// Idle, the applications-clocks setting, sync boost and display clocks are not throttling.
inline constexpr uint64_t kThrottleSwPowerCap = 0x4;
inline constexpr uint64_t kThrottleHwSlowdown = 0x8;
inline constexpr uint64_t kThrottleSwThermal = 0x20;
inline constexpr uint64_t kThrottleHwThermal = 0x40;
inline constexpr uint64_t kThrottleHwPowerBrake = 0x80;
inline constexpr uint64_t kThrottling = kThrottleSwPowerCap | kThrottleHwSlowdown |
                                        kThrottleSwThermal | kThrottleHwThermal |
                                        kThrottleHwPowerBrake;
// The active throttling reasons by name ("sw_power_cap, hw_thermal"); empty when none.
std::string throttle_reason_names(uint64_t reasons);

class Library {
 public:
  // Opens `path` (default libnvidia-ml.so.1) and initialises NVML; !available() when either
  // fails or a function it needs is missing.
  explicit Library(const std::string& path = default_path());
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;
  ~Library();

  // PERFWATCH_NVML_LIBRARY of this process's environment, else libnvidia-ml.so.1.
  static std::string default_path();

  bool available() const { return api_ != nullptr; }
  unsigned device_count() const;
  std::string driver_version() const;
  std::string cuda_version() const;  // "12.4"; empty when unknown
  DeviceIdentity identity(unsigned index) const;
  DeviceState state(unsigned index) const;

 private:
  struct Api;
  void* handle_ = nullptr;
  std::unique_ptr<Api> api_;
};

}  // namespace perfwatch::nvml
