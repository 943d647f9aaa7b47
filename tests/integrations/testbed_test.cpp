#include "integrations/testbed.hpp"

#include <gtest/gtest.h>

#include "integrations/gpu_identity.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

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
  // Answers -q -x only, as a driver whose nvidia-smi lacks a --query-gpu field would.
  testing::write_file(fake, "#!/bin/sh\n[ \"$1 $2\" = \"-q -x\" ] || exit 6\ncat '" +
                                testing::fixture("nvidia-smi/netdata_a100-sxm4-mig.xml").string() +
                                "'\n");
  std::filesystem::permissions(fake, std::filesystem::perms::owner_all);
  const auto fingerprint =
      machine_fingerprint({{"PATH", "/nonexistent:" + dir.path().string()},
                           {"PERFWATCH_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1"}});
  ASSERT_EQ(fingerprint.at("gpus").size(), 1u);
  EXPECT_EQ(fingerprint.at("gpus")[0].at("driver_version"), "510.47.03");
  EXPECT_EQ(fingerprint.at("gpu_testbed_key"), gpu_testbed_key(fingerprint.at("gpus")));
}

}  // namespace
}  // namespace perfwatch
