#include "runner/profile.hpp"

#include <array>
#include <limits>

#include "core/error.hpp"

namespace perfwatch::runner {
namespace {

constexpr std::array<std::string_view, 4> kNames = {"quick", "standard", "full", "comprehensive"};

}  // namespace

std::string_view to_string(ProfileLevel level) { return kNames[static_cast<std::size_t>(level)]; }

std::optional<ProfileLevel> parse_profile_level(std::string_view text) {
  for (std::size_t index = 0; index < kNames.size(); ++index) {
    if (kNames[index] == text) return static_cast<ProfileLevel>(index);
  }
  return std::nullopt;
}

std::string profile_names() { return "quick, standard, full, comprehensive"; }

Profile profile_for(ProfileLevel level) {
  // Larger profiles buy confidence with time: more warm-up, more runs, longer minimum time.
  switch (level) {
    case ProfileLevel::quick:
      return {level, RunPlan{1, 3, 10, 0.2, 2, std::nullopt}};
    case ProfileLevel::standard:
      return {level, RunPlan{2, 10, 100, 1, 10, std::nullopt}};
    case ProfileLevel::full:
      return {level, RunPlan{3, 20, 500, 3, 60, std::nullopt}};
    case ProfileLevel::comprehensive:
      return {level, RunPlan{5, 50, 2000, 10, 300, std::nullopt}};
  }
  return {};
}

RunPlan apply_overrides(RunPlan plan, const PlanOverrides& overrides) {
  if (overrides.warmup) {
    if (*overrides.warmup < 0) throw InputError("--warmup: must be 0 or more");
    plan.warmup = *overrides.warmup;
  }
  if (overrides.min_time_s) {
    if (*overrides.min_time_s < 0) throw InputError("--min-time: must be 0 or more seconds");
    plan.min_time_s = *overrides.min_time_s;
  }
  if (overrides.max_time_s) {
    if (*overrides.max_time_s < 0) throw InputError("--max-time: must be 0 or more seconds");
    plan.max_time_s = *overrides.max_time_s;
  }
  if (overrides.runs) {
    if (*overrides.runs < 1) throw InputError("--runs: must be 1 or more");
    plan.min_runs = plan.max_runs = *overrides.runs;
    if (!overrides.max_time_s) plan.max_time_s = 0;
    if (!overrides.min_time_s) plan.min_time_s = 0;
  }
  if (plan.min_runs > plan.max_runs) plan.max_runs = plan.min_runs;
  if (plan.max_time_s > 0 && plan.min_time_s > plan.max_time_s) plan.max_time_s = plan.min_time_s;
  if (overrides.timeout_s) {
    if (*overrides.timeout_s <= 0) throw InputError("--timeout: must be more than 0 seconds");
    plan.timeout_s = *overrides.timeout_s;
  }
  return plan;
}

bool wants_another_run(const RunPlan& plan, int runs, double elapsed_s) {
  if (runs >= plan.max_runs) return false;
  if (runs >= plan.min_runs && elapsed_s >= plan.min_time_s) return false;
  if (runs >= 1 && plan.max_time_s > 0 && elapsed_s >= plan.max_time_s) return false;
  return true;
}

}  // namespace perfwatch::runner
