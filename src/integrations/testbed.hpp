#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "integrations/context.hpp"

namespace perfwatch {

// The fingerprint of this machine as a JSON object:
//   cpu_model, logical_cores, memory_total_bytes, os (PRETTY_NAME of /etc/os-release),
//   kernel ("Linux 6.1.0-18-amd64"), arch, compiler (the C++ compiler perfwatch was built with),
//   gpus: one gpu_json object per NVIDIA GPU (gpu_identity.hpp), and gpu_testbed_key, the key of
//   their stable facts, only when there is a GPU.
// A fact that cannot be read is left out rather than guessed.
nlohmann::json machine_fingerprint(const Environment& environment);

// The host name, the default testbed name.
std::string host_name();

// The "model name" of the first processor in /proc/cpuinfo text; empty when absent.
std::string parse_cpu_model(std::string_view cpuinfo);
// MemTotal of /proc/meminfo text, in bytes.
std::optional<int64_t> parse_mem_total_bytes(std::string_view meminfo);
// PRETTY_NAME of os-release text, unquoted; empty when absent.
std::string parse_os_pretty_name(std::string_view os_release);

}  // namespace perfwatch
