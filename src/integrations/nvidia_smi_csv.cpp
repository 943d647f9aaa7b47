#include "integrations/nvidia_smi_csv.hpp"

#include <cstdlib>
#include <map>

#include "integrations/nvidia_smi_value.hpp"

namespace perfwatch {
namespace {

using nvidia_smi::enabled;
using nvidia_smi::known;
using nvidia_smi::number;

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// nvidia-smi separates fields with ", " and quotes nothing (no field it prints holds a comma).
std::vector<std::string_view> split_line(std::string_view line) {
  std::vector<std::string_view> fields;
  while (true) {
    const auto comma = line.find(',');
    fields.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return fields;
    line.remove_prefix(comma + 1);
  }
}

// "memory.total [MiB]" -> "memory.total".
std::string_view field_name(std::string_view header) {
  return trim(header.substr(0, header.find(" [")));
}

std::optional<unsigned> whole(std::string_view value) {
  const auto parsed = number(value);
  if (!parsed || *parsed < 0) return std::nullopt;
  return static_cast<unsigned>(*parsed);
}

// Calls visit(get) for each line after the header, where get(field) is that line's value of the
// field (empty when the header has no such field).
template <typename Visit>
void for_each_row(std::string_view csv, Visit visit) {
  std::map<std::string, std::size_t, std::less<>> columns;
  bool header = true;
  while (!csv.empty()) {
    const auto end = csv.find('\n');
    const auto line = trim(csv.substr(0, end));
    csv = end == std::string_view::npos ? std::string_view() : csv.substr(end + 1);
    if (line.empty()) continue;
    const auto fields = split_line(line);
    if (header) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        columns[std::string(field_name(fields[i]))] = i;
      }
      header = false;
      continue;
    }
    visit([&](std::string_view name) -> std::string_view {
      const auto column = columns.find(name);
      return column != columns.end() && column->second < fields.size() ? fields[column->second]
                                                                       : std::string_view();
    });
  }
}

}  // namespace

const char* const kNvidiaSmiIdentityFields =
    "name,uuid,memory.total,driver_version,compute_cap,pcie.link.gen.current,"
    "pcie.link.width.current,persistence_mode,mig.mode.current,ecc.mode.current,power.limit,"
    "clocks.applications.graphics,clocks.applications.memory,clocks.max.sm,clocks.max.memory";

const char* const kNvidiaSmiStateFields =
    "index,clocks.current.sm,clocks.current.memory,utilization.gpu,memory.used,power.draw,"
    "temperature.gpu,clocks_event_reasons.active";

std::vector<GpuIdentity> parse_nvidia_smi_query_csv(std::string_view csv) {
  std::vector<GpuIdentity> gpus;
  for_each_row(csv, [&gpus](const auto& get) {
    GpuIdentity gpu;
    gpu.driver_version = known(get("driver_version"));
    auto& device = gpu.device;
    device.name = known(get("name"));
    if (device.name.empty()) return;
    device.uuid = known(get("uuid"));
    if (const auto mib = number(get("memory.total"))) {
      device.memory_total_bytes = static_cast<int64_t>(*mib) * 1024 * 1024;
    }
    device.compute_capability = known(get("compute_cap"));
    device.pcie_generation = whole(get("pcie.link.gen.current"));
    device.pcie_width = whole(get("pcie.link.width.current"));
    device.persistence_mode = enabled(get("persistence_mode"));
    device.mig_mode = enabled(get("mig.mode.current"));
    device.ecc = enabled(get("ecc.mode.current"));
    device.power_limit_w = number(get("power.limit"));
    device.application_sm_clock_mhz = whole(get("clocks.applications.graphics"));
    device.application_mem_clock_mhz = whole(get("clocks.applications.memory"));
    device.max_sm_clock_mhz = whole(get("clocks.max.sm"));
    device.max_mem_clock_mhz = whole(get("clocks.max.memory"));
    gpus.push_back(std::move(gpu));
  });
  return gpus;
}

std::vector<nvml::DeviceState> parse_nvidia_smi_state_csv(std::string_view csv) {
  std::vector<nvml::DeviceState> states;
  for_each_row(csv, [&states](const auto& get) {
    nvml::DeviceState state;
    state.sm_clock_mhz = whole(get("clocks.current.sm"));
    state.mem_clock_mhz = whole(get("clocks.current.memory"));
    state.util_percent = whole(get("utilization.gpu"));
    if (const auto mib = number(get("memory.used"))) {
      state.mem_used_bytes = static_cast<int64_t>(*mib) * 1024 * 1024;
    }
    state.power_w = number(get("power.draw"));
    state.temperature_c = whole(get("temperature.gpu"));
    // Named clocks_throttle_reasons before driver 535; printed in hexadecimal.
    auto reasons = known(get("clocks_event_reasons.active"));
    if (reasons.empty()) reasons = known(get("clocks_throttle_reasons.active"));
    if (!reasons.empty()) {
      char* end = nullptr;
      const auto bits = std::strtoull(reasons.c_str(), &end, 16);
      if (end != reasons.c_str() && *end == '\0') state.throttle_reasons = bits;
    }
    states.push_back(state);
  });
  return states;
}

}  // namespace perfwatch
