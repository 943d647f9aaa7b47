// cli: the model section of a pull request's summary (report --format markdown/json): the
// complexities that changed against the base (complexity_check.hpp) and the few untested
// configurations of the report's benchmarks whose prediction is least sure, to run next.
#pragma once

#include "report/pr_summary.hpp"
#include "store/duckdb.hpp"

namespace perfwatch::cli {

// Appends at most `run_next` untested configurations after the complexity changes.
void add_model_notes(db::Connection& connection, report::PrSummary& summary,
                     std::size_t run_next = 3);

}  // namespace perfwatch::cli
