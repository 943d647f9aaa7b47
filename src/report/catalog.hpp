// What every page of the site knows: projects, branches, testbeds, measures, benchmarks,
// reports, alerts and one summary per series (newest value, sparkline, status). Written as
// data/site.js; the history of each benchmark is in its own file (site_writer.hpp).
#pragma once

#include <map>
#include <nlohmann/json.hpp>

#include "report/statuses.hpp"
#include "store/catalog.hpp"
#include "store/history.hpp"

namespace perfwatch::report {

// Values of a series' sparkline: its newest values, at most this many.
inline constexpr std::size_t sparkline_points = 40;

// The catalog's tables, as arrays of objects: projects, branches, testbeds (with their
// fingerprint), measures, benchmarks (with their params as objects), alerts (their report as an
// index into history.reports; those of reports the history lacks left out) and reports.
nlohmann::ordered_json catalog_json(const store::Catalog& catalog, const store::History& history);

// One object per series of history, in its order: ids, number of values, newest value and its
// report, the sparkline, the status of the newest value (when the newest report of that branch
// and testbed was checked) and its baseline and limits.
nlohmann::ordered_json series_summaries(const store::History& history,
                                        const std::map<SeriesId, LatestVerdict>& verdicts);

}  // namespace perfwatch::report
