#include "integrations/nvml_library.hpp"

#include <dlfcn.h>

#include <array>
#include <cstdlib>
#include <utility>
#include <vector>

namespace perfwatch::nvml {
namespace {

// nvml.h's declarations, reduced to the C types they are: nvmlReturn_t and the enums are ints,
// nvmlDevice_t is an opaque pointer, NVML_SUCCESS is 0.
using Device = void*;
constexpr int kSuccess = 0;
// nvmlClockType_t
constexpr int kClockSm = 1;
constexpr int kClockMem = 2;
// nvmlTemperatureSensors_t: NVML_TEMPERATURE_GPU
constexpr int kTemperatureGpu = 0;
// Buffer sizes nvml.h recommends: NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_DEVICE_UUID_V2_BUFFER_SIZE,
// NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE.
constexpr unsigned kNameSize = 96;
constexpr unsigned kUuidSize = 96;
constexpr unsigned kDriverSize = 80;

struct Utilization {  // nvmlUtilization_t
  unsigned gpu;
  unsigned memory;
};
struct Memory {  // nvmlMemory_t
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

template <typename Function>
Function symbol(void* handle, const char* name) {
  return reinterpret_cast<Function>(dlsym(handle, name));
}

std::optional<bool> enabled(int state) { return state != 0; }

}  // namespace

struct Library::Api {
  int (*shutdown)() = nullptr;
  int (*driver_version)(char*, unsigned) = nullptr;
  int (*cuda_driver_version)(int*) = nullptr;
  int (*name)(Device, char*, unsigned) = nullptr;
  int (*uuid)(Device, char*, unsigned) = nullptr;
  int (*memory)(Device, Memory*) = nullptr;
  int (*compute_capability)(Device, int*, int*) = nullptr;
  int (*pcie_generation)(Device, unsigned*) = nullptr;
  int (*pcie_width)(Device, unsigned*) = nullptr;
  int (*persistence)(Device, int*) = nullptr;
  int (*mig)(Device, unsigned*, unsigned*) = nullptr;
  int (*ecc)(Device, int*, int*) = nullptr;
  int (*power_limit)(Device, unsigned*) = nullptr;
  int (*applications_clock)(Device, int, unsigned*) = nullptr;
  int (*max_clock)(Device, int, unsigned*) = nullptr;
  int (*clock)(Device, int, unsigned*) = nullptr;
  int (*utilization)(Device, Utilization*) = nullptr;
  int (*power)(Device, unsigned*) = nullptr;
  int (*temperature)(Device, int, unsigned*) = nullptr;
  int (*throttle_reasons)(Device, unsigned long long*) = nullptr;
  std::vector<Device> devices;
};

std::string throttle_reason_names(uint64_t reasons) {
  static constexpr std::array<std::pair<uint64_t, const char*>, 5> kNames{{
      {kThrottleSwPowerCap, "sw_power_cap"},
      {kThrottleHwSlowdown, "hw_slowdown"},
      {kThrottleSwThermal, "sw_thermal"},
      {kThrottleHwThermal, "hw_thermal"},
      {kThrottleHwPowerBrake, "hw_power_brake"},
  }};
  std::string names;
  for (const auto& [bit, name] : kNames) {
    if ((reasons & bit) == 0) continue;
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

std::string Library::default_path() {
  const char* path = std::getenv("PERFWATCH_NVML_LIBRARY");
  return path && *path ? path : "libnvidia-ml.so.1";
}

Library::Library(const std::string& path) {
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) return;
  auto api = std::make_unique<Api>();
  const auto init = symbol<int (*)()>(handle_, "nvmlInit_v2");
  const auto count = symbol<int (*)(unsigned*)>(handle_, "nvmlDeviceGetCount_v2");
  const auto by_index =
      symbol<int (*)(unsigned, Device*)>(handle_, "nvmlDeviceGetHandleByIndex_v2");
  api->shutdown = symbol<int (*)()>(handle_, "nvmlShutdown");
  api->driver_version =
      symbol<decltype(api->driver_version)>(handle_, "nvmlSystemGetDriverVersion");
  api->cuda_driver_version =
      symbol<decltype(api->cuda_driver_version)>(handle_, "nvmlSystemGetCudaDriverVersion_v2");
  api->name = symbol<decltype(api->name)>(handle_, "nvmlDeviceGetName");
  api->uuid = symbol<decltype(api->uuid)>(handle_, "nvmlDeviceGetUUID");
  api->memory = symbol<decltype(api->memory)>(handle_, "nvmlDeviceGetMemoryInfo");
  api->compute_capability =
      symbol<decltype(api->compute_capability)>(handle_, "nvmlDeviceGetCudaComputeCapability");
  api->pcie_generation =
      symbol<decltype(api->pcie_generation)>(handle_, "nvmlDeviceGetCurrPcieLinkGeneration");
  api->pcie_width = symbol<decltype(api->pcie_width)>(handle_, "nvmlDeviceGetCurrPcieLinkWidth");
  api->persistence = symbol<decltype(api->persistence)>(handle_, "nvmlDeviceGetPersistenceMode");
  api->mig = symbol<decltype(api->mig)>(handle_, "nvmlDeviceGetMigMode");
  api->ecc = symbol<decltype(api->ecc)>(handle_, "nvmlDeviceGetEccMode");
  api->power_limit =
      symbol<decltype(api->power_limit)>(handle_, "nvmlDeviceGetPowerManagementLimit");
  api->applications_clock =
      symbol<decltype(api->applications_clock)>(handle_, "nvmlDeviceGetApplicationsClock");
  api->max_clock = symbol<decltype(api->max_clock)>(handle_, "nvmlDeviceGetMaxClockInfo");
  api->clock = symbol<decltype(api->clock)>(handle_, "nvmlDeviceGetClockInfo");
  api->utilization = symbol<decltype(api->utilization)>(handle_, "nvmlDeviceGetUtilizationRates");
  api->power = symbol<decltype(api->power)>(handle_, "nvmlDeviceGetPowerUsage");
  api->temperature = symbol<decltype(api->temperature)>(handle_, "nvmlDeviceGetTemperature");
  // Renamed nvmlDeviceGetCurrentClocksEventReasons in CUDA 12.2's NVML; drivers export both.
  api->throttle_reasons =
      symbol<decltype(api->throttle_reasons)>(handle_, "nvmlDeviceGetCurrentClocksThrottleReasons");
  if (!api->throttle_reasons) {
    api->throttle_reasons =
        symbol<decltype(api->throttle_reasons)>(handle_, "nvmlDeviceGetCurrentClocksEventReasons");
  }
  // The functions every caller needs; the others are optional, a missing one leaves its field.
  if (!init || !count || !by_index || !api->name || init() != kSuccess) return;
  unsigned devices = 0;
  if (count(&devices) != kSuccess) {
    if (api->shutdown) api->shutdown();
    return;
  }
  for (unsigned index = 0; index < devices; ++index) {
    Device device = nullptr;
    if (by_index(index, &device) == kSuccess) api->devices.push_back(device);
  }
  api_ = std::move(api);
}

Library::~Library() {
  if (api_ && api_->shutdown) api_->shutdown();
  if (handle_) dlclose(handle_);
}

unsigned Library::device_count() const {
  return api_ ? static_cast<unsigned>(api_->devices.size()) : 0;
}

std::string Library::driver_version() const {
  std::array<char, kDriverSize> text{};
  if (!api_ || !api_->driver_version || api_->driver_version(text.data(), kDriverSize) != kSuccess)
    return {};
  return text.data();
}

std::string Library::cuda_version() const {
  int version = 0;
  if (!api_ || !api_->cuda_driver_version || api_->cuda_driver_version(&version) != kSuccess ||
      version <= 0)
    return {};
  // nvml.h's NVML_CUDA_DRIVER_VERSION_MAJOR/MINOR: 12040 is CUDA 12.4.
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

DeviceIdentity Library::identity(unsigned index) const {
  DeviceIdentity identity;
  if (index >= device_count()) return identity;
  const Api& api = *api_;
  const Device device = api.devices[index];
  std::array<char, kNameSize> name{};
  if (api.name(device, name.data(), kNameSize) == kSuccess) identity.name = name.data();
  std::array<char, kUuidSize> uuid{};
  if (api.uuid && api.uuid(device, uuid.data(), kUuidSize) == kSuccess) identity.uuid = uuid.data();
  Memory memory{};
  if (api.memory && api.memory(device, &memory) == kSuccess) {
    identity.memory_total_bytes = static_cast<int64_t>(memory.total);
  }
  int major = 0, minor = 0;
  if (api.compute_capability && api.compute_capability(device, &major, &minor) == kSuccess) {
    identity.compute_capability = std::to_string(major) + "." + std::to_string(minor);
  }
  unsigned value = 0;
  if (api.pcie_generation && api.pcie_generation(device, &value) == kSuccess) {
    identity.pcie_generation = value;
  }
  if (api.pcie_width && api.pcie_width(device, &value) == kSuccess) identity.pcie_width = value;
  int state = 0, pending = 0;
  if (api.persistence && api.persistence(device, &state) == kSuccess) {
    identity.persistence_mode = enabled(state);
  }
  unsigned mig = 0, mig_pending = 0;
  if (api.mig && api.mig(device, &mig, &mig_pending) == kSuccess) identity.mig_mode = mig != 0;
  if (api.ecc && api.ecc(device, &state, &pending) == kSuccess) identity.ecc = enabled(state);
  if (api.power_limit && api.power_limit(device, &value) == kSuccess) {
    identity.power_limit_w = value / 1000.0;  // milliwatts
  }
  if (api.applications_clock) {
    if (api.applications_clock(device, kClockSm, &value) == kSuccess) {
      identity.application_sm_clock_mhz = value;
    }
    if (api.applications_clock(device, kClockMem, &value) == kSuccess) {
      identity.application_mem_clock_mhz = value;
    }
  }
  if (api.max_clock) {
    if (api.max_clock(device, kClockSm, &value) == kSuccess) identity.max_sm_clock_mhz = value;
    if (api.max_clock(device, kClockMem, &value) == kSuccess) identity.max_mem_clock_mhz = value;
  }
  return identity;
}

DeviceState Library::state(unsigned index) const {
  DeviceState state;
  if (index >= device_count()) return state;
  const Api& api = *api_;
  const Device device = api.devices[index];
  unsigned value = 0;
  if (api.clock) {
    if (api.clock(device, kClockSm, &value) == kSuccess) state.sm_clock_mhz = value;
    if (api.clock(device, kClockMem, &value) == kSuccess) state.mem_clock_mhz = value;
  }
  Utilization utilization{};
  if (api.utilization && api.utilization(device, &utilization) == kSuccess) {
    state.util_percent = utilization.gpu;
  }
  Memory memory{};
  if (api.memory && api.memory(device, &memory) == kSuccess) {
    state.mem_used_bytes = static_cast<int64_t>(memory.used);
  }
  if (api.power && api.power(device, &value) == kSuccess) state.power_w = value / 1000.0;
  if (api.temperature && api.temperature(device, kTemperatureGpu, &value) == kSuccess) {
    state.temperature_c = value;
  }
  unsigned long long reasons = 0;
  if (api.throttle_reasons && api.throttle_reasons(device, &reasons) == kSuccess) {
    state.throttle_reasons = reasons;
  }
  return state;
}

}  // namespace perfwatch::nvml
