// Whether what perfwatch's sampler reads through NVML agrees with nvidia-smi read at the same
// moments (issue 19's target), for a GPU machine: each round reads every GPU's state through
// nvml::Library (as the sampler does), then runs
//   nvidia-smi --query-gpu=<kNvidiaSmiStateFields> --format=csv
// at once and compares the two per GPU and quantity. Prints, per quantity, the rounds compared
// and the largest difference; asserts nothing. nvidia-smi reads a few tens of milliseconds
// later (its own start-up), so a busy GPU's power and clocks may move between the two reads:
// run it with the GPU idle or under a steady load. Usage: gpu_nvidia_smi_agreement [ROUNDS]
// (default 20, one every 250 ms). NVML: PERFWATCH_NVML_LIBRARY, else libnvidia-ml.so.1.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "integrations/nvidia_smi_csv.hpp"
#include "integrations/nvml_library.hpp"
#include "runner/spawn.hpp"

namespace {

using namespace perfwatch;

// nvidia-smi's standard output for `fields`; empty when it fails.
std::string run_nvidia_smi(const std::string& fields) {
  runner::ProcessSpec spec;
  spec.argv = {"nvidia-smi", "--query-gpu=" + fields, "--format=csv"};
  spec.cwd = std::filesystem::current_path();
  spec.env = runner::environment_with({});
  spec.capture_stdout = true;
  const auto result = runner::run_process(spec);
  return result.succeeded() ? result.stdout_text : std::string();
}

// nvidia-smi's state of every GPU. Drivers before 535 know the throttle reasons only as
// clocks_throttle_reasons: after a refusal, that name is asked for from then on.
std::string nvidia_smi_state() {
  static std::string fields = kNvidiaSmiStateFields;
  auto text = run_nvidia_smi(fields);
  const std::string new_name = "clocks_event_reasons";
  if (const auto at = fields.find(new_name); text.empty() && at != std::string::npos) {
    fields.replace(at, new_name.size(), "clocks_throttle_reasons");
    text = run_nvidia_smi(fields);
  }
  return text;
}

struct Difference {
  int rounds = 0;
  double largest = 0;
};

void compare(std::map<std::string, Difference>& differences, const std::string& quantity,
             const auto& nvml, const auto& smi) {
  if (!nvml || !smi) return;
  auto& difference = differences[quantity];
  ++difference.rounds;
  difference.largest = std::max(difference.largest,
                                std::abs(static_cast<double>(*nvml) - static_cast<double>(*smi)));
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  const nvml::Library library;
  if (!library.available() || library.device_count() == 0) {
    std::fprintf(stderr, "%s: NVML cannot be opened or lists no GPU\n",
                 nvml::Library::default_path().c_str());
    return 1;
  }
  std::printf("NVML %s, driver %s, %u GPU(s), %d rounds\n", nvml::Library::default_path().c_str(),
              library.driver_version().c_str(), library.device_count(), rounds);
  std::map<std::string, Difference> differences;
  int throttle_mismatches = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<nvml::DeviceState> ours;
    for (unsigned index = 0; index < library.device_count(); ++index) {
      ours.push_back(library.state(index));
    }
    const auto theirs = parse_nvidia_smi_state_csv(nvidia_smi_state());
    if (theirs.size() != ours.size()) {
      std::fprintf(stderr, "round %d: nvidia-smi listed %zu GPUs, NVML %zu\n", round, theirs.size(),
                   ours.size());
      return 1;
    }
    for (std::size_t gpu = 0; gpu < ours.size(); ++gpu) {
      const auto& a = ours[gpu];
      const auto& b = theirs[gpu];
      compare(differences, "SM clock (MHz)", a.sm_clock_mhz, b.sm_clock_mhz);
      compare(differences, "memory clock (MHz)", a.mem_clock_mhz, b.mem_clock_mhz);
      compare(differences, "utilisation (%)", a.util_percent, b.util_percent);
      const auto mib = [](const std::optional<int64_t>& bytes) {
        return bytes ? std::optional<double>(static_cast<double>(*bytes) / (1024 * 1024))
                     : std::nullopt;
      };
      compare(differences, "memory used (MiB)", mib(a.mem_used_bytes), mib(b.mem_used_bytes));
      compare(differences, "power (W)", a.power_w, b.power_w);
      compare(differences, "temperature (C)", a.temperature_c, b.temperature_c);
      if (a.throttle_reasons && b.throttle_reasons &&
          (*a.throttle_reasons & nvml::kThrottling) != (*b.throttle_reasons & nvml::kThrottling)) {
        ++throttle_mismatches;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  for (const auto& [quantity, difference] : differences) {
    std::printf("%-20s %4d GPU-rounds compared, largest difference %.2f\n", quantity.c_str(),
                difference.rounds, difference.largest);
  }
  std::printf("throttling disagreed in %d GPU-rounds\n", throttle_mismatches);
  return 0;
}
