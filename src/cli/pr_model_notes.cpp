#include "cli/pr_model_notes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "cli/complexity_check.hpp"
#include "cli/model_input.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "model/predictor.hpp"

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

struct Candidate {
  double width = 0;  // high / low of the 90% interval
  std::string text;
};

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
  std::vector<Candidate> candidates;
  for (const auto& input : matrices) {
    const model::Matrix matrix(input.observations);
    if (matrix.column_count() < 2) continue;  // one testbed: nothing untested to predict
    const model::Predictor predictor(matrix);
    for (std::size_t row = 0; row < matrix.row_count(); ++row) {
      const model::Observation& example = matrix.cells()[matrix.row_cells(row).front()];
      if (!benchmarks.contains(example.benchmark)) continue;
      for (std::size_t column = 0; column < matrix.column_count(); ++column) {
        if (matrix.find_cell(row, column)) continue;
        model::Observation target = example;
        target.testbed = matrix.column_name(column);
        const auto p = predictor.predict(target);
        if (!p) continue;
        candidates.push_back(
            {p->high / p->low,
             fmt::format(
                 "{}{}{} on {}: {} predicted {} [{} .. {}] (90%{})", example.benchmark,
                 input.parameter.empty() ? "" : fmt::format(" {}={:g}", input.parameter, example.x),
                 example.group.empty() ? "" : " " + example.group, target.testbed, input.measure,
                 humanise(p->value, input.units), humanise(p->low, input.units),
                 humanise(p->high, input.units), p->extrapolated ? ", extrapolated" : "")});
      }
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.width > b.width; });
  for (std::size_t k = 0; k < std::min(count, candidates.size()); ++k) {
    summary.model_notes.push_back({"run next", candidates[k].text});
  }
}

}  // namespace

void add_model_notes(db::Connection& connection, report::PrSummary& summary, std::size_t run_next) {
  add_complexity(connection, summary);
  add_run_next(connection, summary, run_next);
}

}  // namespace perfwatch::cli
