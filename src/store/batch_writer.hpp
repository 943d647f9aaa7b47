// Stores many reports in one transaction, for a database's only writer (the results server's
// writer thread): the ids of named rows (projects, branches, testbeds, benchmarks, measures) are
// kept in memory after being read once, and so are the ids of the reports stored (16 bytes
// each, plus the hash set's own), so that a batch asks the database nothing before it writes.
// Every row goes in through appenders. The batch is stored whole or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/metric.hpp"
#include "core/report_context.hpp"
#include "store/duckdb.hpp"

namespace perfwatch {

// A report to store: its context (tool_version included: set_tool_version calls of the records
// are not looked at), the SHA-256 of its content, and its records, which `records` hands to the
// sink it is given. It must hold metrics or failed runs: check that before (parse_submission).
struct PendingReport {
  const ReportContext* context = nullptr;
  std::string_view content_hash;
  std::function<void(MetricSink&)> records;
};

struct WrittenReport {
  std::string report_id;
  bool stored = false;  // false: stored before, or earlier in the same batch; nothing written
  uint64_t metrics = 0;
};

class BatchWriter {
 public:
  // While it exists, `connection` must be the only one writing projects, branches, testbeds,
  // benchmarks, measures and reports: the ids it keeps in memory would be wrong otherwise.
  explicit BatchWriter(db::Connection& connection);
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Stores, in one transaction, each report not stored yet; answers for each in order. When
  // anything fails it rolls the transaction back, forgets the ids it keeps in memory (read
  // again next time) and rethrows: nothing of the batch is stored.
  std::vector<WrittenReport> write(std::span<const PendingReport> reports);

 private:
  // The ids of one table's named rows, by name (prefixed with the project's id for per-project
  // tables), and the id the next new row gets.
  struct NamedIds {
    std::unordered_map<std::string, int32_t> ids;
    int32_t next = 1;
    // The id of `key`, and whether it was assigned now (the caller then inserts the row).
    std::pair<int32_t, bool> get(const std::string& key);
  };
  struct UuidHash {
    std::size_t operator()(const duckdb_hugeint& uuid) const {
      return std::hash<uint64_t>()(uuid.lower ^ static_cast<uint64_t>(uuid.upper));
    }
  };
  struct UuidEqual {
    bool operator()(const duckdb_hugeint& a, const duckdb_hugeint& b) const {
      return a.lower == b.lower && a.upper == b.upper;
    }
  };
  using UuidSet = std::unordered_set<duckdb_hugeint, UuidHash, UuidEqual>;
  struct Appenders;
  class ReportRecords;

  void load_ids();
  uint64_t store(const PendingReport& report, duckdb_hugeint report_id, Appenders& out,
                 int64_t ingested_us);
  int32_t project_id(const std::string& slug);
  int32_t branch_id(int32_t project, const std::string& name);
  int32_t testbed_id(int32_t project, const ReportContext& context);
  int32_t benchmark_id(int32_t project, std::string_view name, std::string_view params_json,
                       db::ChunkAppender& benchmarks);
  int32_t measure_id(int32_t project, const Measure& measure);

  db::Connection& connection_;
  bool ids_loaded_ = false;
  NamedIds projects_;
  NamedIds branches_;
  NamedIds testbeds_;
  NamedIds benchmarks_;
  NamedIds measures_;
  UuidSet reports_;  // every report stored, this batch's once it is committed
  std::unordered_map<int32_t, std::string> testbed_fingerprints_;
  std::string key_buffer_;
};

}  // namespace perfwatch
