// Many small independent jobs (one data file each) spread over the machine's cores.
#pragma once

#include <cstddef>
#include <functional>

namespace perfwatch::report {

// Calls body(i) for every i in [0, count), on up to as many threads as the machine has cores
// (at most 8), and returns when all are done; rethrows the first exception a call threw.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& body);

}  // namespace perfwatch::report
