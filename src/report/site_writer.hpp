// The static site of `perfwatch report --out DIR`: HTML pages that draw the data files next to
// them with the embedded scripts, opened from file:// or any static host with no network.
//
//   index.html      benchmarks with their newest value, sparkline and status; filters
//   benchmark.html  ?b=ID: history per branch and testbed, bands, alerts, change points, samples
//   matrix.html     benchmark x testbed x a parameter: newest value and status, and the cells
//                   never run as predicted by src/model (predicted_cells.hpp), marked apart
//   reports.html, report.html?r=INDEX, alerts.html, compare.html
//   ab.html, ab-SESSION.html: the stored A/B sessions (ab_pages.hpp)
//   data/site.js    the catalog (catalog.hpp); data/b/ID.js histories; data/s/ID.js raw samples;
//                   data/r/INDEX.js the metrics and resource use of each report
//   badges/         badges.hpp
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "detect/config.hpp"
#include "store/sql.hpp"

namespace perfwatch::report {

struct SiteOptions {
  std::string project;  // slug; empty: every project
  std::string title = "perfwatch";
  detect::DetectionConfig config;  // thresholds the statuses are judged by, as in check
  double prediction_level = 0.9;   // share of values the predicted cells' intervals hold
};

struct SiteSummary {
  std::size_t benchmarks = 0, series = 0, reports = 0, files = 0;
};

// Writes the site into `out`, replacing a site written there before. The site is written into
// a sibling folder first and moved into place, so `out` never holds half a site. Throws
// InputError naming --out when `out` is a file, or a folder that is neither empty nor a site.
SiteSummary write_site(db::Session& session, const std::filesystem::path& out,
                       const SiteOptions& options);

}  // namespace perfwatch::report
