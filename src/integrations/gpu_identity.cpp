#include "integrations/gpu_identity.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "core/sha256.hpp"
#include "integrations/nvidia_smi_csv.hpp"
#include "integrations/nvidia_smi_xml.hpp"

namespace perfwatch {
namespace {

constexpr std::array<const char*, 6> kStableFacts = {
    "name",         "memory_total_bytes", "driver_version",
    "cuda_version", "compute_capability", "mig_mode"};

std::string fact_text(const nlohmann::json& gpu, const char* key) {
  if (!gpu.contains(key)) return "unknown";
  return gpu[key].is_string() ? gpu[key].get<std::string>() : gpu[key].dump();
}

template <typename Value>
void put(nlohmann::json& object, const char* key, const std::optional<Value>& value) {
  if (value) object[key] = *value;
}

void put(nlohmann::json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

nlohmann::json to_json(const std::vector<GpuIdentity>& gpus) {
  auto array = nlohmann::json::array();
  for (const auto& gpu : gpus) array.push_back(gpu_json(gpu));
  return array;
}

std::string nvml_path(const Environment& environment) {
  const auto named = environment.find("PERFWATCH_NVML_LIBRARY");
  return named != environment.end() && !named->second.empty() ? named->second : "libnvidia-ml.so.1";
}

}  // namespace

nlohmann::json gpu_json(const GpuIdentity& gpu) {
  const auto& device = gpu.device;
  nlohmann::json object = nlohmann::json::object();
  put(object, "name", device.name);
  put(object, "uuid", device.uuid);
  put(object, "memory_total_bytes", device.memory_total_bytes);
  put(object, "driver_version", gpu.driver_version);
  put(object, "cuda_version", gpu.cuda_version);
  put(object, "compute_capability", device.compute_capability);
  put(object, "pcie_generation", device.pcie_generation);
  put(object, "pcie_width", device.pcie_width);
  put(object, "persistence_mode", device.persistence_mode);
  put(object, "mig_mode", device.mig_mode);
  put(object, "ecc", device.ecc);
  put(object, "power_limit_w", device.power_limit_w);
  put(object, "application_sm_clock_mhz", device.application_sm_clock_mhz);
  put(object, "application_mem_clock_mhz", device.application_mem_clock_mhz);
  put(object, "max_sm_clock_mhz", device.max_sm_clock_mhz);
  put(object, "max_mem_clock_mhz", device.max_mem_clock_mhz);
  return object;
}

nlohmann::json read_gpus(const Environment& environment, const NvidiaSmi& nvidia_smi) {
  const nvml::Library library(nvml_path(environment));
  if (library.available() && library.device_count() > 0) {
    std::vector<GpuIdentity> gpus;
    for (unsigned index = 0; index < library.device_count(); ++index) {
      gpus.push_back({library.identity(index), library.driver_version(), library.cuda_version()});
    }
    return to_json(gpus);
  }
  if (auto gpus = parse_nvidia_smi_xml(nvidia_smi({"-q", "-x"})); !gpus.empty()) {
    return to_json(gpus);
  }
  return to_json(parse_nvidia_smi_query_csv(
      nvidia_smi({std::string("--query-gpu=") + kNvidiaSmiIdentityFields, "--format=csv"})));
}

std::string gpu_testbed_change(const nlohmann::json& before, const nlohmann::json& after) {
  if (gpu_testbed_key(before) == gpu_testbed_key(after)) return {};
  const auto count = [](const nlohmann::json& gpus) { return gpus.is_array() ? gpus.size() : 0; };
  if (count(before) != count(after)) {
    return fmt::format("GPUs {} -> {}", count(before), count(after));
  }
  std::string change;
  for (std::size_t index = 0; index < after.size(); ++index) {
    for (const char* key : kStableFacts) {
      const auto was = fact_text(before[index], key);
      const auto now = fact_text(after[index], key);
      if (was == now) continue;
      if (!change.empty()) change += "; ";
      change += fmt::format("GPU {} {} {} -> {}", index, key, was, now);
    }
  }
  return change;
}

std::string gpu_testbed_key(const nlohmann::json& gpus) {
  if (!gpus.is_array() || gpus.empty()) return {};
  nlohmann::json stable = nlohmann::json::array();
  for (const auto& gpu : gpus) {
    nlohmann::json facts = nlohmann::json::object();
    for (const char* key : kStableFacts) {
      if (gpu.contains(key)) facts[key] = gpu[key];
    }
    // In whole MiB: NVML gives bytes, nvidia-smi MiB rounded (81558.9 MiB prints as 81559).
    if (const auto bytes = gpu.find("memory_total_bytes");
        bytes != gpu.end() && bytes->is_number()) {
      facts["memory_total_bytes"] = std::llround(bytes->get<double>() / (1024.0 * 1024.0));
    }
    stable.push_back(std::move(facts));
  }
  return sha256_hex(stable.dump()).substr(0, 12);
}

}  // namespace perfwatch
