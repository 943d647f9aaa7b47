// A testbed's NVIDIA GPUs: what each one is (name, UUID, memory, driver and CUDA version,
// compute capability, PCIe link, persistence/MIG/ECC modes, power limit, clocks), read from NVML
// when libnvidia-ml can be opened, else from `nvidia-smi -q -x`, else from
// `nvidia-smi --query-gpu`, else nothing; and the key of the facts that define the testbed.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integrations/context.hpp"
#include "integrations/nvml_library.hpp"

namespace perfwatch {

struct GpuIdentity {
  nvml::DeviceIdentity device;
  std::string driver_version;
  std::string cuda_version;
};

// {name, uuid, memory_total_bytes, driver_version, cuda_version, compute_capability,
//  pcie_generation, pcie_width, persistence_mode, mig_mode, ecc, power_limit_w,
//  application_sm_clock_mhz, application_mem_clock_mhz, max_sm_clock_mhz, max_mem_clock_mhz};
// a fact that is unknown is left out.
nlohmann::json gpu_json(const GpuIdentity& gpu);

// Runs nvidia-smi with the arguments given and returns its standard output; empty when
// nvidia-smi is absent or fails.
using NvidiaSmi = std::function<std::string(const std::vector<std::string>& args)>;

// The GPUs of this machine as gpu_json objects, in NVML's index order: from the NVML library
// named by PERFWATCH_NVML_LIBRARY in `environment` (else libnvidia-ml.so.1), else from
// `nvidia-smi -q -x`, else from `nvidia-smi --query-gpu`; an empty array without any.
nlohmann::json read_gpus(const Environment& environment, const NvidiaSmi& nvidia_smi);

// 12 hex digits naming what defines a GPU testbed: per GPU its name, memory, driver and CUDA
// version, compute capability and MIG mode (a driver upgrade or a MIG layout change makes it a
// different testbed). Settings that `perfwatch run` warns about (persistence mode, clocks, power
// limit) and the UUID (a replaced card of the same model) are left out. Empty without GPUs.
std::string gpu_testbed_key(const nlohmann::json& gpus);

// What changed in the facts gpu_testbed_key covers between two fingerprints' "gpus" arrays, as
// one line ("GPU 0 driver_version 550.90.07 -> 560.35.03"); empty when nothing did.
std::string gpu_testbed_change(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace perfwatch
