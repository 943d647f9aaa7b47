// The receipt of a run (perf.json): everything the run stored, as JSON that `perfwatch ingest`
// reads back through the perfwatch_receipt adapter without loss (numbers round-trip exactly).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/metric.hpp"
#include "core/report_context.hpp"
#include "runner/results.hpp"

namespace perfwatch::runner {

// The key whose presence marks a receipt, and its format version.
inline constexpr const char* kReceiptMarker = "perfwatch_receipt";
inline constexpr int kReceiptVersion = 1;

// The receipt: context, settings, notes, and per benchmark instance its metrics (with raw
// samples), statistics, warnings, failed runs and resource samples.
nlohmann::ordered_json make_receipt(const ReportContext& context,
                                    const std::vector<InstanceResult>& results,
                                    const std::vector<std::string>& notes);

// Hands every metric, failure, resource sample and GPU sample of the results to sink, as a
// ReportStore stores them.
void send_results(const std::vector<InstanceResult>& results, MetricSink& sink);

}  // namespace perfwatch::runner
