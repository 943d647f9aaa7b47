#include "integrations/nvidia_smi_xml.hpp"

#include <pugixml.hpp>

#include "integrations/nvidia_smi_value.hpp"

namespace perfwatch {
namespace {

using nvidia_smi::enabled;
using nvidia_smi::known;
using nvidia_smi::number;

std::string_view text_at(const pugi::xml_node& node, const char* path) {
  return node.first_element_by_path(path).text().as_string();
}

std::optional<unsigned> whole(std::string_view value) {
  const auto parsed = number(value);
  if (!parsed || *parsed < 0) return std::nullopt;
  return static_cast<unsigned>(*parsed);
}

}  // namespace

std::vector<GpuIdentity> parse_nvidia_smi_xml(std::string_view xml) {
  std::vector<GpuIdentity> gpus;
  pugi::xml_document document;
  if (!document.load_buffer(xml.data(), xml.size())) return gpus;
  const auto log = document.child("nvidia_smi_log");
  const std::string driver = known(text_at(log, "driver_version"));
  const std::string cuda = known(text_at(log, "cuda_version"));
  for (const auto& node : log.children("gpu")) {
    GpuIdentity gpu;
    gpu.driver_version = driver;
    gpu.cuda_version = cuda;
    auto& device = gpu.device;
    device.name = known(text_at(node, "product_name"));
    device.uuid = known(text_at(node, "uuid"));
    if (const auto mib = number(text_at(node, "fb_memory_usage/total"))) {
      device.memory_total_bytes = static_cast<int64_t>(*mib) * 1024 * 1024;
    }
    device.compute_capability = known(text_at(node, "compute_cap"));  // DTD v12 and later
    device.pcie_generation =
        whole(text_at(node, "pci/pci_gpu_link_info/pcie_gen/current_link_gen"));
    device.pcie_width =
        whole(text_at(node, "pci/pci_gpu_link_info/link_widths/current_link_width"));
    device.persistence_mode = enabled(text_at(node, "persistence_mode"));
    device.mig_mode = enabled(text_at(node, "mig_mode/current_mig"));
    device.ecc = enabled(text_at(node, "ecc_mode/current_ecc"));
    // DTD v11: power_readings/power_limit; v12: gpu_power_readings/current_power_limit.
    device.power_limit_w = number(text_at(node, "power_readings/power_limit"));
    if (!device.power_limit_w) {
      device.power_limit_w = number(text_at(node, "gpu_power_readings/current_power_limit"));
    }
    // Application clocks name the graphics clock, which the SM clock follows.
    device.application_sm_clock_mhz = whole(text_at(node, "applications_clocks/graphics_clock"));
    device.application_mem_clock_mhz = whole(text_at(node, "applications_clocks/mem_clock"));
    device.max_sm_clock_mhz = whole(text_at(node, "max_clocks/sm_clock"));
    device.max_mem_clock_mhz = whole(text_at(node, "max_clocks/mem_clock"));
    if (!device.name.empty()) gpus.push_back(std::move(gpu));
  }
  return gpus;
}

}  // namespace perfwatch
