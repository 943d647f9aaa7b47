// What makes a GPU benchmark's timings untrustworthy, said as warnings that name the fix: a GPU
// throttled (power cap, thermal or hardware slowdown) while it was measured, clocks that moved
// while it was busy (not locked), and persistence mode off.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner/sampler.hpp"

namespace perfwatch::runner {

// A busy GPU's SM clock may move this much (fraction of its highest sampled clock) before its
// clocks count as not locked: boost clocks step by 15 MHz, well under 2% of any data-centre
// GPU's clock, and locked clocks stay on one step.
inline constexpr double kClockSpreadTolerance = 0.02;

// Per GPU of one benchmark's samples: the samples taken while it was throttled, with the
// reasons, and the range of its SM clock while busy (utilisation above 0) when that range is
// wider than kClockSpreadTolerance. Nothing for samples without GPUs.
std::vector<std::string> gpu_sample_warnings(const std::vector<ResourceSample>& samples);

// Per GPU of a testbed fingerprint's "gpus" (integrations/gpu_identity.hpp) whose persistence
// mode is off.
std::vector<std::string> gpu_testbed_warnings(const nlohmann::json& gpus);

}  // namespace perfwatch::runner
