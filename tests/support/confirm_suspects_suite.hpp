// The suite and history that the tests of `run --confirm-suspects` share (the DuckDB file in
// tests/cli/confirm_suspects_test.cpp, each store in tests/server/store_commands_test.cpp): the
// benchmark is deterministic but controlled, so that the first run and its re-runs give the
// values a test chose and no assertion depends on a live timing.
#pragma once

#include <fmt/format.h>

#include <string>

namespace perfwatch::testing {

// "parse" prints, as BMF, the first line of the file `values` and drops it; "steady" prints 50
// and counts its runs in steady.runs.
inline constexpr const char* kConfirmSuspectsSuite = R"(
[suite]
project = "demo"

[[benchmark]]
name = "parse"
shell = true
adapter = "bmf"
command = "v=$(head -n 1 values); tail -n +2 values > values.next; mv values.next values; echo \"{\\\"parse\\\": {\\\"latency\\\": {\\\"value\\\": $v}}}\""

[[benchmark]]
name = "steady"
shell = true
adapter = "bmf"
command = "echo run >> steady.runs; echo '{\"steady\": {\"latency\": {\"value\": 50}}}'"
)";

// How many earlier reports the history holds: commits c0 .. c7 of main on testbed ci.
inline constexpr int kConfirmHistoryReports = 8;

// The BMF of earlier report `commit` (0 .. 7): parse at 97 .. 103 ns, steady at 50 ns.
inline std::string confirm_history_bmf(int commit) {
  constexpr double parse[kConfirmHistoryReports] = {100, 103, 98, 101, 97, 102, 99, 100};
  return fmt::format(
      R"({{"parse": {{"latency": {{"value": {}}}}}, "steady": {{"latency": {{"value": 50}}}}}})",
      parse[commit]);
}

}  // namespace perfwatch::testing
