#include "integrations/testbed.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

TEST(Testbed, ParsesTwoGpusFromNvidiaSmi) {
  const auto gpus =
      parse_nvidia_smi_gpus(testing::read_file(testing::fixture("nvidia-smi/two_h100.csv")));
  const auto expected = nlohmann::json::parse(R"([
    {"name": "NVIDIA H100 80GB HBM3", "memory_total_bytes": 85520809984,
     "driver_version": "550.90.07"},
    {"name": "NVIDIA H100 80GB HBM3", "memory_total_bytes": 85520809984,
     "driver_version": "550.90.07"}])");
  EXPECT_EQ(gpus, expected);
}

TEST(Testbed, GpuWithoutMemoryTotalKeepsNameAndDriver) {
  const auto gpus =
      parse_nvidia_smi_gpus(testing::read_file(testing::fixture("nvidia-smi/unified_memory.csv")));
  EXPECT_EQ(gpus, nlohmann::json::parse(
                      R"([{"name": "NVIDIA GH200 480GB", "driver_version": "560.35.03"}])"));
}

TEST(Testbed, EmptyOrMalformedNvidiaSmiOutputHasNoGpus) {
  EXPECT_EQ(parse_nvidia_smi_gpus(""), nlohmann::json::array());
  EXPECT_EQ(parse_nvidia_smi_gpus("No devices were found\n"), nlohmann::json::array());
}

TEST(Testbed, ParsesCpuModel) {
  const std::string cpuinfo =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n"
      "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n";
  EXPECT_EQ(parse_cpu_model(cpuinfo), "Intel(R) Xeon(R) CPU @ 2.20GHz");
  EXPECT_EQ(parse_cpu_model("processor\t: 0\n"), "");
}

TEST(Testbed, ParsesMemTotalInBytes) {
  EXPECT_EQ(parse_mem_total_bytes("MemTotal:        8141060 kB\nMemFree:  1 kB\n"),
            int64_t{8141060} * 1024);
  EXPECT_FALSE(parse_mem_total_bytes("MemFree: 1 kB\n").has_value());
}

TEST(Testbed, ParsesOsPrettyName) {
  const std::string os_release =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nID=debian\n";
  EXPECT_EQ(parse_os_pretty_name(os_release), "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(parse_os_pretty_name("PRETTY_NAME='Alpine'\n"), "Alpine");
  EXPECT_EQ(parse_os_pretty_name("ID=x\n"), "");
}

TEST(Testbed, RunsNvidiaSmiFoundOnPath) {
  testing::ScratchDir dir;
  const auto fake = dir / "nvidia-smi";
  testing::write_file(
      fake, "#!/bin/sh\ncat '" + testing::fixture("nvidia-smi/two_h100.csv").string() + "'\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  const auto fingerprint = machine_fingerprint({{"PATH", "/nonexistent:" + dir.path().string()}});
  ASSERT_EQ(fingerprint.at("gpus").size(), 2u);
  EXPECT_EQ(fingerprint.at("gpus")[0].at("driver_version"), "550.90.07");
}

}  // namespace
}  // namespace perfwatch
