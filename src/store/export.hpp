#pragma once

#include <string>
#include <string_view>

#include "store/duckdb.hpp"
#include "store/listing.hpp"

namespace perfwatch {

enum class ExportFormat { parquet, csv, json };

// Writes the metrics of the reports that match `filter`, each joined with its context (project,
// branch, testbed, commit, commit_time, report, adapter, benchmark, params, measure, units,
// direction, value, lower, upper, n, samples) to the file `path`, with DuckDB's COPY ... TO:
// Parquet, CSV with a header row, or newline-delimited JSON (one object per metric). Rows are
// sorted by report start time, report, benchmark, params and measure. Overwrites `path`.
void export_metrics(db::Connection& connection, const ReportFilter& filter, ExportFormat format,
                    const std::string& path);

}  // namespace perfwatch
