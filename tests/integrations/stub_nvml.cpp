// A stand-in for libnvidia-ml.so.1 on machines without an NVIDIA GPU: it exports the NVML
// functions perfwatch opens (nvml_library.cpp) with nvml.h's C signatures, and answers with
// figures the test chooses through environment variables, read at each call:
//   STUB_NVML_DEVICES      number of GPUs (default 1)
//   STUB_NVML_DRIVER       driver version (default 550.90.07)
//   STUB_NVML_PERSISTENCE  persistence mode, 0 or 1 (default 1)
//   STUB_NVML_MIG          MIG mode, 0 or 1 (default 0)
//   STUB_NVML_SM_CLOCKS    SM clocks in MHz, one per call in turn, comma-separated (default 1980)
//   STUB_NVML_THROTTLE     throttle-reason bit sets, one per call in turn (default 0)
// It measures nothing: every figure it returns is one of these or a constant below.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr int kSuccess = 0;
constexpr int kInvalidArgument = 2;
constexpr unsigned kMaxDevices = 8;
std::atomic<unsigned> sm_clock_calls[kMaxDevices];
std::atomic<unsigned> throttle_calls[kMaxDevices];

std::string variable(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

unsigned devices() {
  return static_cast<unsigned>(
      std::strtoul(variable("STUB_NVML_DEVICES", "1").c_str(), nullptr, 10));
}

// The call-th entry of a comma-separated list, cycling.
unsigned long long nth(const std::string& list, unsigned call) {
  std::size_t count = 1;
  for (const char c : list) count += c == ',';
  std::size_t start = 0;
  for (std::size_t skip = call % count; skip > 0; --skip) start = list.find(',', start) + 1;
  return std::strtoull(list.c_str() + start, nullptr, 0);
}

unsigned index_of(void* device) {
  return static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(device) - 1);
}

int copy(const std::string& text, char* buffer, unsigned size) {
  if (text.size() + 1 > size) return kInvalidArgument;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return kSuccess;
}

struct Utilization {
  unsigned gpu;
  unsigned memory;
};
struct Memory {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
};

}  // namespace

extern "C" {

int nvmlInit_v2() { return kSuccess; }
int nvmlShutdown() { return kSuccess; }
int nvmlDeviceGetCount_v2(unsigned* count) {
  *count = devices();
  return kSuccess;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned index, void** device) {
  if (index >= devices() || index >= kMaxDevices) return kInvalidArgument;
  *device = reinterpret_cast<void*>(static_cast<std::uintptr_t>(index) + 1);
  return kSuccess;
}
int nvmlSystemGetDriverVersion(char* version, unsigned size) {
  return copy(variable("STUB_NVML_DRIVER", "550.90.07"), version, size);
}
int nvmlSystemGetCudaDriverVersion_v2(int* version) {
  *version = 12040;
  return kSuccess;
}
int nvmlDeviceGetName(void*, char* name, unsigned size) {
  return copy("NVIDIA H100 80GB HBM3", name, size);
}
int nvmlDeviceGetUUID(void* device, char* uuid, unsigned size) {
  char text[64];
  std::snprintf(text, sizeof text, "GPU-stub-%u", index_of(device));
  return copy(text, uuid, size);
}
int nvmlDeviceGetMemoryInfo(void*, Memory* memory) {
  memory->total = 85520809984ULL;
  memory->used = 1073741824ULL;
  memory->free = memory->total - memory->used;
  return kSuccess;
}
int nvmlDeviceGetCudaComputeCapability(void*, int* major, int* minor) {
  *major = 9;
  *minor = 0;
  return kSuccess;
}
int nvmlDeviceGetCurrPcieLinkGeneration(void*, unsigned* generation) {
  *generation = 5;
  return kSuccess;
}
int nvmlDeviceGetCurrPcieLinkWidth(void*, unsigned* width) {
  *width = 16;
  return kSuccess;
}
int nvmlDeviceGetPersistenceMode(void*, int* mode) {
  *mode = std::atoi(variable("STUB_NVML_PERSISTENCE", "1").c_str());
  return kSuccess;
}
int nvmlDeviceGetMigMode(void*, unsigned* current, unsigned* pending) {
  *current = *pending = static_cast<unsigned>(std::atoi(variable("STUB_NVML_MIG", "0").c_str()));
  return kSuccess;
}
int nvmlDeviceGetEccMode(void*, int* current, int* pending) {
  *current = *pending = 1;
  return kSuccess;
}
int nvmlDeviceGetPowerManagementLimit(void*, unsigned* milliwatts) {
  *milliwatts = 700000;
  return kSuccess;
}
int nvmlDeviceGetApplicationsClock(void*, int type, unsigned* mhz) {
  *mhz = type == 2 ? 2619 : 1755;
  return kSuccess;
}
int nvmlDeviceGetMaxClockInfo(void*, int type, unsigned* mhz) {
  *mhz = type == 2 ? 2619 : 1980;
  return kSuccess;
}
int nvmlDeviceGetClockInfo(void* device, int type, unsigned* mhz) {
  if (type == 2) {
    *mhz = 2619;
    return kSuccess;
  }
  const unsigned call = sm_clock_calls[index_of(device)]++;
  *mhz = static_cast<unsigned>(nth(variable("STUB_NVML_SM_CLOCKS", "1980"), call));
  return kSuccess;
}
int nvmlDeviceGetUtilizationRates(void*, Utilization* utilization) {
  utilization->gpu = 97;
  utilization->memory = 40;
  return kSuccess;
}
int nvmlDeviceGetPowerUsage(void*, unsigned* milliwatts) {
  *milliwatts = 350000;
  return kSuccess;
}
int nvmlDeviceGetTemperature(void*, int, unsigned* celsius) {
  *celsius = 65;
  return kSuccess;
}
int nvmlDeviceGetCurrentClocksThrottleReasons(void* device, unsigned long long* reasons) {
  const unsigned call = throttle_calls[index_of(device)]++;
  *reasons = nth(variable("STUB_NVML_THROTTLE", "0"), call);
  return kSuccess;
}

}  // extern "C"
