// The shell loops the tests of `perfwatch ab` measure (tests/cli/ab_test.cpp), and the session
// that the tests of stored A/B sessions run (tests/cli/ab_store_test.cpp on the DuckDB file,
// tests/server/ab_sessions_postgres_test.cpp on PostgreSQL): two shell loops of a chosen length,
// measured in CPU time within a budget that keeps a session to seconds.
#pragma once

#include <string>
#include <vector>

namespace perfwatch::testing {

// A shell loop of `count` steps: a few milliseconds of CPU per thousand.
inline std::string shell_loop(int count) {
  return "i=0; while [ $i -lt " + std::to_string(count) + " ]; do i=$((i+1)); done";
}

// `perfwatch ab` of a loop of `base_count` steps against one of `candidate_count`, named loop,
// of project demo, printed as JSON.
inline std::vector<std::string> ab_of_loops(int base_count, int candidate_count) {
  return {"ab",
          "--base-command",
          shell_loop(base_count),
          "--candidate-command",
          shell_loop(candidate_count),
          "--name",
          "loop",
          "--time",
          "cpu",
          "--max-runs",
          "200",
          "--quiet",
          "--project",
          "demo",
          "--format",
          "json"};
}

}  // namespace perfwatch::testing
