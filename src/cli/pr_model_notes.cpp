#include "cli/pr_model_notes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cli/complexity_check.hpp"
#include "cli/model_input.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "model/predictor.hpp"
#include "model/untested.hpp"

namespace perfwatch::cli {

namespace {

void add_complexity(db::Connection& connection, report::PrSummary& summary) {
  detect::CheckResult result;
  result.report_id = summary.report_id;
  result.project = summary.project;
  result.branch = summary.branch;
  result.history_branch = summary.history_branch;
  result.testbed = summary.testbed;
  for (const auto* rows : {&summary.changed, &summary.unchanged}) {
    for (const auto& row : *rows) result.verdicts.push_back(row.verdict);
  }
  for (const auto& finding : complexity_changes(connection, result)) {
    summary.model_notes.push_back({"complexity", finding.describe()});
  }
}

void add_run_next(db::Connection& connection, report::PrSummary& summary, std::size_t count) {
  std::set<std::string> benchmarks;
  for (const auto* rows : {&summary.changed, &summary.unchanged}) {
    for (const auto& row : *rows) benchmarks.insert(row.verdict.benchmark);
  }
  ModelFilter filter;
  filter.filter.project = summary.project;
  filter.filter.branch = summary.history_branch;
  std::vector<MeasureMatrix> matrices;
  try {
    matrices = load_matrices(connection, filter);
  } catch (const InputError&) {
    return;  // nothing stored on the base branch yet
  }
  // The least sure of each measure, then the least sure of those.
  std::vector<std::pair<model::UntestedCell, const MeasureMatrix*>> candidates;
  for (const auto& input : matrices) {
    const model::Matrix matrix(input.observations);
    if (matrix.column_count() < 2) continue;  // one testbed: nothing untested to predict
    const model::Predictor predictor(matrix);
    const auto cells = model::predict_untested(
        matrix, predictor, [&benchmarks](const model::Observation& row, const std::string&) {
          return benchmarks.contains(row.benchmark);
        });
    for (auto& cell : model::least_sure(cells, count)) candidates.emplace_back(cell, &input);
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return a.first.prediction.high / a.first.prediction.low >
           b.first.prediction.high / b.first.prediction.low;
  });
  for (std::size_t k = 0; k < std::min(count, candidates.size()); ++k) {
    const auto& [cell, input] = candidates[k];
    const auto& p = cell.prediction;
    summary.model_notes.push_back(
        {"run next",
         fmt::format("{} on {}: {} predicted {} [{} .. {}] (90%{})",
                     model::describe_row(cell.target, input->parameter), cell.target.testbed,
                     input->measure, humanise(p.value, input->units), humanise(p.low, input->units),
                     humanise(p.high, input->units), p.extrapolated ? ", extrapolated" : "")});
  }
}

}  // namespace

void add_model_notes(db::Connection& connection, report::PrSummary& summary, std::size_t run_next) {
  add_complexity(connection, summary);
  add_run_next(connection, summary, run_next);
}

}  // namespace perfwatch::cli
