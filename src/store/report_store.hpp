// The one write path: every command that stores reports (ingest, run, merge, the results
// server) hands ReportStore a batch, and it stores the batch in one transaction (one COMMIT
// for many reports: the server's group commit). Two implementations: DuckDB's
// (duckdb_report_store.hpp: appenders, and a table function for metric rows) and PostgreSQL's
// (postgres_report_store.hpp, COPY).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric.hpp"
#include "core/report_context.hpp"
#include "core/report_record.hpp"

namespace perfwatch {

// The id a report gets: a UUID made from the SHA-256 of its project, testbed, commit and the
// hash of its content, so that the same results stored twice (or merged twice) are one report.
std::string report_id_for(const ReportContext& context, std::string_view content_hash);

// A report to store: its context, the SHA-256 of its content, and its records, which `records`
// hands to the sink it is given (an adapter's parse, or ReportRecord::replay), so that a large
// input streams into the database without being held twice. `records` is not called for a
// report already stored, and may be called again when a transaction is retried. A
// set_tool_version call of the records overrides the context's.
struct PendingReport {
  const ReportContext* context = nullptr;
  std::string_view content_hash;
  std::function<void(MetricSink&)> records;

  // `report` must outlive the PendingReport.
  static PendingReport of(const ReportRecord& report);
};

struct StoredReport {
  std::string report_id;
  bool stored = false;  // false: stored before, or earlier in the same batch; nothing written
  uint64_t metrics = 0;
  uint64_t failures = 0;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;
  // Stores, in one transaction, each report not stored yet, and answers for each in order.
  // A report with neither metrics nor failed runs is refused with InputError naming its
  // source. When anything fails, nothing of the batch is stored and the error is rethrown.
  virtual std::vector<StoredReport> store(std::span<const PendingReport> reports) = 0;

  // One report: store({&report, 1}).front().
  StoredReport store(const PendingReport& report);
};

}  // namespace perfwatch
