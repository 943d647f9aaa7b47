// Profiles: how long and how often each benchmark runs, and which benchmarks are included.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace perfwatch::runner {

// Ordered: a profile includes every benchmark whose level is at or below its own.
enum class ProfileLevel { quick = 0, standard = 1, full = 2, comprehensive = 3 };

std::string_view to_string(ProfileLevel level);
std::optional<ProfileLevel> parse_profile_level(std::string_view text);
// "quick, standard, full, comprehensive", for messages.
std::string profile_names();

// How one timed benchmark is repeated. A benchmark runs `warmup` untimed times, then at least
// min_runs times and for at least min_time_s, never more than max_runs times, and stops once
// max_time_s has passed (after one run at least) even when min_runs is not reached.
struct RunPlan {
  int warmup = 0;
  int min_runs = 1;
  int max_runs = 1;
  double min_time_s = 0;
  double max_time_s = 0;            // 0: no limit
  std::optional<double> timeout_s;  // per run; none: no limit
};

struct Profile {
  ProfileLevel level = ProfileLevel::standard;
  RunPlan plan;
};

Profile profile_for(ProfileLevel level);

// What the command line says; each set field overrides the profile's. --runs N sets both
// min_runs and max_runs to N and lifts max_time (the user asked for exactly N).
struct PlanOverrides {
  std::optional<int> warmup;
  std::optional<int> runs;
  std::optional<double> min_time_s;
  std::optional<double> max_time_s;
  std::optional<double> timeout_s;
};

// The profile's plan with the overrides applied. Throws InputError naming the flag for a
// negative count or time, or --runs 0.
RunPlan apply_overrides(RunPlan plan, const PlanOverrides& overrides);

// True when another timed run is due after `runs` runs taking `elapsed_s` in all.
bool wants_another_run(const RunPlan& plan, int runs, double elapsed_s);

}  // namespace perfwatch::runner
