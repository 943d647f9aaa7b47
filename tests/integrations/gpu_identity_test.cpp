// GPU identity from recorded nvidia-smi outputs (tests/fixtures/nvidia-smi, see PROVENANCE.md)
// and from the stub NVML library opened through the same dlopen path as libnvidia-ml.
#include "integrations/gpu_identity.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "integrations/nvidia_smi_csv.hpp"
#include "integrations/nvidia_smi_xml.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

std::string fixture_text(const std::string& name) {
  return testing::read_file(testing::fixture("nvidia-smi/" + name));
}

// An nvidia-smi that answers `-q -x` and `--query-gpu` with the texts given.
NvidiaSmi nvidia_smi_printing(std::string xml, std::string csv) {
  return
      [xml, csv](const std::vector<std::string>& args) { return args.front() == "-q" ? xml : csv; };
}

const Environment kNoNvml = {{"PERFWATCH_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"}};

TEST(GpuIdentity, ReadsA100WithMigFromXml) {
  const auto gpus = parse_nvidia_smi_xml(fixture_text("netdata_a100-sxm4-mig.xml"));
  ASSERT_EQ(gpus.size(), 1u);
  const auto expected = nlohmann::json::parse(R"({
    "name": "NVIDIA A100-SXM4-40GB", "uuid": "GPU-27b94a00-ed54-5c24-b1fd-1054085de32a",
    "memory_total_bytes": 42949672960, "driver_version": "510.47.03", "cuda_version": "11.6",
    "pcie_generation": 4, "pcie_width": 16, "persistence_mode": false, "mig_mode": true,
    "ecc": true, "power_limit_w": 400.0, "application_sm_clock_mhz": 1095,
    "application_mem_clock_mhz": 1215, "max_sm_clock_mhz": 1410, "max_mem_clock_mhz": 1215})");
  EXPECT_EQ(gpu_json(gpus[0]), expected);
}

TEST(GpuIdentity, NotApplicableXmlFieldsAreLeftOut) {
  // An RTX 4090 (DTD v12): no MIG ("N/A"), no application clocks ("N/A"), power limit under
  // gpu_power_readings.
  const auto gpus = parse_nvidia_smi_xml(fixture_text("netdata_rtx-4090-driver-535.xml"));
  ASSERT_EQ(gpus.size(), 1u);
  const auto gpu = gpu_json(gpus[0]);
  EXPECT_EQ(gpu.at("name"), "NVIDIA GeForce RTX 4090");
  EXPECT_EQ(gpu.at("cuda_version"), "12.2");
  EXPECT_FALSE(gpu.contains("mig_mode"));
  EXPECT_FALSE(gpu.contains("application_sm_clock_mhz"));
  EXPECT_EQ(gpu.at("power_limit_w"), 450.0);
  EXPECT_EQ(gpu.at("max_sm_clock_mhz"), 3120);
  EXPECT_EQ(gpu.at("ecc"), false);
  EXPECT_EQ(gpu.at("persistence_mode"), true);
}

// Two GPUs in one output (DTD v8, driver 375: no CUDA version, no MIG element), every one listed
// with its own facts.
TEST(GpuIdentity, ReadsTwoTeslaP100FromXml) {
  const auto gpus = parse_nvidia_smi_xml(fixture_text("hadoop_2x-tesla-p100.xml"));
  ASSERT_EQ(gpus.size(), 2u);
  const auto first = gpu_json(gpus[0]);
  EXPECT_EQ(first.at("name"), "Tesla P100-PCIE-12GB");
  EXPECT_EQ(first.at("uuid"), "GPU-28604e81-21ec-cc48-6759-bf2648b22e16");
  EXPECT_EQ(first.at("driver_version"), "375.66");
  EXPECT_EQ(first.at("pcie_generation"), 3);
  EXPECT_EQ(first.at("power_limit_w"), 250.0);
  EXPECT_EQ(first.at("memory_total_bytes"), int64_t{11567} * 1024 * 1024);
  EXPECT_FALSE(first.contains("mig_mode"));
  EXPECT_FALSE(first.contains("cuda_version"));
  const auto second = gpu_json(gpus[1]);
  EXPECT_EQ(second.at("uuid"), "GPU-46915a82-3fd2-8e11-ae26-a80b607c04f3");
  EXPECT_EQ(second.at("memory_total_bytes"), int64_t{12290} * 1024 * 1024);
}

TEST(GpuIdentity, ReadsH100WithMigFromQueryCsvWithUnitsAndNotAvailable) {
  const auto gpus =
      parse_nvidia_smi_query_csv(fixture_text("exporter_nvidia-h100-mig__590.48.01_load.csv"));
  ASSERT_EQ(gpus.size(), 1u);
  const auto gpu = gpu_json(gpus[0]);
  EXPECT_EQ(gpu.at("name"), "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(gpu.at("driver_version"), "590.48.01");
  EXPECT_EQ(gpu.at("compute_capability"), "9.0");
  EXPECT_EQ(gpu.at("pcie_generation"), 5);
  EXPECT_EQ(gpu.at("pcie_width"), 16);
  EXPECT_EQ(gpu.at("mig_mode"), true);
  EXPECT_EQ(gpu.at("persistence_mode"), true);
  EXPECT_EQ(gpu.at("memory_total_bytes"), int64_t{81559} * 1024 * 1024);
  EXPECT_FALSE(gpu.contains("cuda_version"));  // --query-gpu has no such field
}

TEST(GpuIdentity, ReadsH200FromQueryCsv) {
  const auto gpus =
      parse_nvidia_smi_query_csv(fixture_text("exporter_nvidia-h200__590.48.01_idle.csv"));
  ASSERT_EQ(gpus.size(), 1u);
  const auto gpu = gpu_json(gpus[0]);
  EXPECT_EQ(gpu.at("name"), "NVIDIA H200");
  EXPECT_EQ(gpu.at("mig_mode"), false);
}

TEST(GpuState, ReadsAnH200UnderLoadFromQueryCsv) {
  const auto states =
      parse_nvidia_smi_state_csv(fixture_text("exporter_nvidia-h200__590.48.01_load.csv"));
  ASSERT_EQ(states.size(), 1u);
  const auto& state = states[0];
  EXPECT_EQ(state.sm_clock_mhz, 1980u);
  EXPECT_EQ(state.mem_clock_mhz, 3201u);
  EXPECT_EQ(state.util_percent, 100u);
  EXPECT_EQ(state.mem_used_bytes, int64_t{32362} * 1024 * 1024);
  EXPECT_EQ(state.power_w, 627.40);
  EXPECT_EQ(state.temperature_c, 52u);
  EXPECT_EQ(state.throttle_reasons, 0u);  // "0x0000000000000000"
}

TEST(GpuState, MigGpuHasNoUtilisation) {
  const auto states =
      parse_nvidia_smi_state_csv(fixture_text("exporter_nvidia-h100-mig__590.48.01_load.csv"));
  ASSERT_EQ(states.size(), 1u);
  EXPECT_FALSE(states[0].util_percent.has_value());  // "[N/A]" with MIG enabled
  EXPECT_EQ(states[0].power_w, 433.78);
  EXPECT_EQ(states[0].sm_clock_mhz, 1980u);
}

// Made up here in the fixtures' format: the field's name before driver 535.
TEST(GpuState, ThrottleReasonsUnderTheirOldNameInHex) {
  const auto states = parse_nvidia_smi_state_csv(
      "index, clocks_throttle_reasons.active\n0, 0x0000000000000044\n1, [Not Supported]\n");
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].throttle_reasons, 0x44u);
  EXPECT_FALSE(states[1].throttle_reasons.has_value());
}

TEST(GpuIdentity, OutputThatIsNotNvidiaSmisGivesNoGpu) {
  EXPECT_TRUE(parse_nvidia_smi_xml("").empty());
  EXPECT_TRUE(parse_nvidia_smi_xml("No devices were found\n").empty());
  EXPECT_TRUE(parse_nvidia_smi_query_csv("").empty());
  EXPECT_TRUE(parse_nvidia_smi_query_csv("No devices were found\n").empty());
}

TEST(GpuIdentity, FallsBackFromXmlToQueryCsvToNothing) {
  const auto xml = fixture_text("hadoop_2x-tesla-p100.xml");
  const auto csv = fixture_text("exporter_nvidia-h200__590.48.01_idle.csv");
  EXPECT_EQ(read_gpus(kNoNvml, nvidia_smi_printing(xml, csv)).at(0).at("name"),
            "Tesla P100-PCIE-12GB");
  EXPECT_EQ(read_gpus(kNoNvml, nvidia_smi_printing("", csv)).at(0).at("name"), "NVIDIA H200");
  EXPECT_EQ(read_gpus(kNoNvml, nvidia_smi_printing("", "")), nlohmann::json::array());
}

TEST(GpuIdentity, NvmlComesFirstAndListsEveryGpu) {
  setenv("STUB_NVML_DEVICES", "2", 1);
  const Environment environment = {{"PERFWATCH_NVML_LIBRARY", PERFWATCH_STUB_NVML}};
  const auto gpus =
      read_gpus(environment, nvidia_smi_printing(fixture_text("hadoop_2x-tesla-p100.xml"), ""));
  unsetenv("STUB_NVML_DEVICES");
  ASSERT_EQ(gpus.size(), 2u);
  const auto expected = nlohmann::json::parse(R"({
    "name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-stub-1", "memory_total_bytes": 85520809984,
    "driver_version": "550.90.07", "cuda_version": "12.4", "compute_capability": "9.0",
    "pcie_generation": 5, "pcie_width": 16, "persistence_mode": true, "mig_mode": false,
    "ecc": true, "power_limit_w": 700.0, "application_sm_clock_mhz": 1755,
    "application_mem_clock_mhz": 2619, "max_sm_clock_mhz": 1980, "max_mem_clock_mhz": 2619})");
  EXPECT_EQ(gpus[1], expected);
}

TEST(GpuIdentity, TestbedKeyChangesWithTheDriverNotWithSettingsOrCard) {
  const auto gpus = nlohmann::json::parse(R"([{"name": "NVIDIA H100 80GB HBM3",
    "uuid": "GPU-a", "driver_version": "550.90.07", "persistence_mode": false,
    "power_limit_w": 700.0}])");
  auto other_card = gpus;
  other_card[0]["uuid"] = "GPU-b";
  other_card[0]["persistence_mode"] = true;
  other_card[0]["power_limit_w"] = 600.0;
  auto upgraded = gpus;
  upgraded[0]["driver_version"] = "560.35.03";
  auto mig = gpus;
  mig[0]["mig_mode"] = true;
  EXPECT_EQ(gpu_testbed_key(gpus).size(), 12u);
  EXPECT_EQ(gpu_testbed_key(gpus), gpu_testbed_key(other_card));
  EXPECT_NE(gpu_testbed_key(gpus), gpu_testbed_key(upgraded));
  EXPECT_NE(gpu_testbed_key(gpus), gpu_testbed_key(mig));
  EXPECT_EQ(gpu_testbed_key(nlohmann::json::array()), "");
  // NVML's bytes and nvidia-smi's rounded MiB of one H100 80GB HBM3 name the same testbed.
  auto from_nvml = gpus;
  from_nvml[0]["memory_total_bytes"] = 85520809984;
  auto from_nvidia_smi = gpus;
  from_nvidia_smi[0]["memory_total_bytes"] = int64_t{81559} * 1024 * 1024;
  EXPECT_EQ(gpu_testbed_key(from_nvml), gpu_testbed_key(from_nvidia_smi));
}

TEST(GpuIdentity, ChangeOfTestbedNamesTheFactsThatMoved) {
  const auto before = nlohmann::json::parse(
      R"([{"name": "NVIDIA H100 80GB HBM3", "driver_version": "550.90.07", "uuid": "GPU-a"}])");
  auto after = before;
  after[0]["uuid"] = "GPU-b";
  EXPECT_EQ(gpu_testbed_change(before, after), "");
  after[0]["driver_version"] = "560.35.03";
  after[0]["mig_mode"] = true;
  EXPECT_EQ(gpu_testbed_change(before, after),
            "GPU 0 driver_version 550.90.07 -> 560.35.03; GPU 0 mig_mode unknown -> true");
  after.push_back(after[0]);
  EXPECT_EQ(gpu_testbed_change(before, after), "GPUs 1 -> 2");
}

}  // namespace
}  // namespace perfwatch
