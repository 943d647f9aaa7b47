// One value as nvidia-smi prints it, in its XML and CSV output alike: "40960 MiB", "400.00 W",
// "16x", "Enabled", and "N/A" / "[N/A]" / "[Not Supported]" for what the GPU cannot tell.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfwatch::nvidia_smi {

// The value trimmed; empty when it says the fact is unknown or unsupported.
std::string known(std::string_view value);
// The leading number of a known value ("400.00 W" -> 400, "16x" -> 16).
std::optional<double> number(std::string_view value);
// "Enabled" -> true, "Disabled" -> false, anything else unknown.
std::optional<bool> enabled(std::string_view value);

}  // namespace perfwatch::nvidia_smi
