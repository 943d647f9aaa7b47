// Reading the GPUs out of `nvidia-smi -q -x` (the nvidia_smi_log XML document, DTD versions 11
// and 12 as printed by drivers 510 to 580).
#pragma once

#include <string_view>
#include <vector>

#include "integrations/gpu_identity.hpp"

namespace perfwatch {

// One GpuIdentity per <gpu>; "N/A" and "Not Supported" values (bracketed or not) leave the fact
// unknown. Text that is not an nvidia_smi_log document gives no GPU.
std::vector<GpuIdentity> parse_nvidia_smi_xml(std::string_view xml);

}  // namespace perfwatch
