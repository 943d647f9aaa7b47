// The suite the pipeline tests run: `nap` sleeps $NAP seconds (a pull request makes it slower),
// `echo` stays the same.
#pragma once

#include <string_view>

namespace perfwatch::testing {

// Only `nap` ten times slower is a regression, never a busy machine's noise: +300% on latency,
// nothing on the other measures.
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
