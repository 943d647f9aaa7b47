// The one write path: every command that stores reports (ingest, run, merge, the results
// server) hands ReportStore a batch, and it stores the batch in one transaction (one COMMIT
// for many reports: the server's group commit). Two implementations: DuckDB's
// (duckdb_report_store.hpp: appenders, and a table function for metric rows) and PostgreSQL's
// (postgres_report_store.hpp, COPY).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
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

// The SHA-256 of a report's content: known already, or still being computed on another thread
// (ingest hashes a large file while it parses it; the id is needed only before the first rows
// are written).
class ContentHash {
 public:
  // Implicit, so that a hash known now is given as it is.
  ContentHash(std::string_view known) : known_(known) {}
  ContentHash(const std::string& known) : known_(known) {}
  explicit ContentHash(std::shared_future<std::string> later) : later_(std::move(later)) {}

  bool ready() const {
    return !later_.valid() || later_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  // Waits for the hash when it is still being computed; rethrows what computing it threw.
  std::string_view get() const { return later_.valid() ? std::string_view(later_.get()) : known_; }

 private:
  std::string_view known_;
  std::shared_future<std::string> later_;
};

// A report to store: its context, the SHA-256 of its content, and its records, which `records`
// hands to the sink it is given (an adapter's parse, or ReportRecord::replay), so that a large
// input streams into the database without being held twice. `records` may be called again when
// a transaction is retried. A set_tool_version call of the records overrides the context's.
// `records` is not called for a report already stored when its hash is known at store();
// DuckDB's store checks a hash given later once it is there, before the report's first row is
// written, and then stops the records and writes nothing of the report.
struct PendingReport {
  const ReportContext* context = nullptr;
  ContentHash content_hash;
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
