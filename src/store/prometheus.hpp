// store/prometheus: the newest value of every series in Prometheus' text exposition format
// (version 0.0.4), for a textfile collector or a scrape endpoint to pick up.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "store/duckdb.hpp"
#include "store/listing.hpp"

namespace perfwatch {

// "perfwatch_" + the measure with every character outside [a-zA-Z0-9_:] replaced by '_'.
std::string prometheus_metric_name(std::string_view measure);
// A label value with \, " and newlines escaped as the format requires.
std::string prometheus_label_value(std::string_view value);

// Writes one gauge family per measure (# HELP, # TYPE, then one sample per series), a series
// being project, branch, testbed, benchmark, params, measure and units; its value is the one of
// the newest report (by start time) that has it among those `filter` selects. Families are
// sorted by name and samples by their labels, so the output is stable.
void export_prometheus(db::Connection& connection, const ReportFilter& filter, std::ostream& out);

}  // namespace perfwatch
