// perfwatch run --confirm-suspects: before the run's report is stored, judges each of its metrics
// against the stored history of its branch and testbed (detect/verdict.hpp), re-runs only the
// benchmarks left suspect or red, within a budget of re-runs and seconds, pools the re-runs'
// samples with their metrics' and judges again (detect/confirm.hpp); a neighbour's spike then
// costs a re-run, not a red build.
#pragma once

#include <string>
#include <vector>

#include "core/report_context.hpp"
#include "detect/config.hpp"
#include "detect/verdict.hpp"
#include "runner/executor.hpp"
#include "runner/matrix.hpp"
#include "runner/results.hpp"
#include "store/sql.hpp"

namespace perfwatch::cli {

struct ConfirmSettings {
  int max_reruns = 0;  // per suspect benchmark
  double seconds = 0;  // for all re-runs together (may be infinite); one under way is finished
  // The step tests' level (VerdictSettings::max_p_value), as `check --max-p` judges later.
  double max_p_value = detect::VerdictSettings{}.max_p_value;
};

// Re-runs, through `executor`, the instances whose result in `results` has a suspect or red metric
// against the history in `history` (the DuckDB file or PostgreSQL; null: no history, nothing is
// suspect), adding each re-run's
// samples to that result's metrics (the metric's value becomes the median of its samples, the
// level the verdict judges). Returns the notes for the report: what was re-run and the outcome.
std::vector<std::string> confirm_suspects(std::vector<runner::InstanceResult>& results,
                                          const std::vector<runner::Instance>& instances,
                                          runner::Executor& executor, db::Session* history,
                                          const ReportContext& context,
                                          const detect::DetectionConfig& config,
                                          const ConfirmSettings& settings);

}  // namespace perfwatch::cli
