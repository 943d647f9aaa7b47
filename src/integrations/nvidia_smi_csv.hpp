// Reading `nvidia-smi --query-gpu=FIELDS --format=csv`: a header line naming the fields
// ("memory.total [MiB]"), then one line per GPU; the GPUs' identity, or their state at the moment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "integrations/gpu_identity.hpp"

namespace perfwatch {

// The --query-gpu fields perfwatch asks for when nvidia-smi -q -x gave nothing.
extern const char* const kNvidiaSmiIdentityFields;

// One GpuIdentity per line after the header, from the fields present (any order; others are
// ignored): name, uuid, memory.total, driver_version, compute_cap, pcie.link.gen.current,
// pcie.link.width.current, persistence_mode, mig.mode.current, ecc.mode.current, power.limit,
// clocks.applications.graphics, clocks.applications.memory, clocks.max.sm, clocks.max.memory.
// "[N/A]" and "[Not Supported]" leave a fact unknown; a line without a name is skipped.
std::vector<GpuIdentity> parse_nvidia_smi_query_csv(std::string_view csv);

// The --query-gpu fields of a GPU's state, as the sampler reads it through NVML.
extern const char* const kNvidiaSmiStateFields;

// One DeviceState per line after the header, from clocks.current.sm, clocks.current.memory,
// utilization.gpu, memory.used, power.draw, temperature.gpu and clocks_event_reasons.active (or
// clocks_throttle_reasons.active, its name before driver 535).
std::vector<nvml::DeviceState> parse_nvidia_smi_state_csv(std::string_view csv);

}  // namespace perfwatch
