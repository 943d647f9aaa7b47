// The Markdown reports' table of values against a numeric parameter (batch size, threads): per
// parameter, a row per benchmark, measure and other params, a column per parameter value.
#pragma once

#include <string>
#include <vector>

#include "report/pr_summary.hpp"

namespace perfwatch::report {

// Markdown tables of the rows' newest values by each numeric parameter that takes two values or
// more within one benchmark and measure; empty when there is none.
std::string parameter_tables(const std::vector<const SummaryRow*>& rows);

}  // namespace perfwatch::report
