// The clock-normalised time of a GPU benchmark: its wall time × the SM clock its GPU ran at, in
// SM cycles. Two reports whose GPU boosted to different clocks (temperature, power, a neighbour)
// differ in latency but much less in cycles, so this measure shows what the code changed.
#pragma once

#include "core/measure.hpp"
#include "runner/results.hpp"

namespace perfwatch::runner {

inline const Measure gpu_sm_cycles{"gpu_sm_cycles", std::string(units::count),
                                   Direction::lower_is_better};

// Beside each latency metric with samples of a result whose resource samples saw a busy GPU
// (utilisation above 0), a gpu_sm_cycles metric: each latency sample (ns) × the mean SM clock
// (MHz) of the busiest GPU over its busy samples × 1e-3 (and its statistics in timed mode). One
// clock for the whole series: runs are not time-stamped against the samples. Returns whether it
// added any.
bool add_gpu_sm_cycles(InstanceResult& result);

}  // namespace perfwatch::runner
