// The suite the pipeline tests run: `nap` sleeps $NAP seconds (a pull request makes it slower),
// `echo` stays the same.
#pragma once

#include <string_view>

namespace perfwatch::testing {

// Only `nap` 25 times slower is a regression, never a busy machine's noise: +300% on latency,
// nothing on the other measures. 25 times, not 10: at load 7 starting the command added ~40 ms to
// the 20 ms nap (measured 60 ms), and a 0.2 s nap (227 ms) stayed under the 238 ms limit.
inline constexpr const char* nap_seconds = "0.02";
inline constexpr const char* slower_nap_seconds = "0.5";
inline constexpr std::string_view nap_suite = R"([suite]
name = "demo"

[[benchmark]]
name = "nap"
command = "sleep ${NAP:-0.02}"
shell = true

[[benchmark]]
name = "echo"
command = ["echo", "hi"]

[[threshold]]
test = "static"
upper = 1e18

[[threshold]]
measure = "latency"
test = "percentage"
upper = 3.0
)";

}  // namespace perfwatch::testing
