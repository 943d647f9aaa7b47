// Reading the GPUs out of `nvidia-smi --query-gpu=FIELDS --format=csv`: a header line naming the
// fields ("memory.total [MiB]"), then one line per GPU.
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

}  // namespace perfwatch
