// ReportStore on a DuckDB database, for its only writer (ingest, run, or the results server's
// writer thread): the ids of named rows (projects, branches, testbeds, benchmarks, measures) are
// kept in memory after being read once, and so are the ids of the reports stored (16 bytes
// each, plus the hash set's own), so that a batch asks the database nothing before it writes.
// Metric rows stream in through MetricStream (store/metric_stream.hpp) while the records are
// read, every other row through appenders. The batch is stored whole or not at all.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/duckdb.hpp"
#include "store/report_store.hpp"

namespace perfwatch {

class MetricStream;

class DuckdbReportStore final : public ReportStore {
 public:
  // While it exists, `connection` must be the only one writing projects, branches, testbeds,
  // benchmarks, measures and reports: the ids it keeps in memory would be wrong otherwise.
  explicit DuckdbReportStore(db::Connection& connection);
  DuckdbReportStore(const DuckdbReportStore&) = delete;
  DuckdbReportStore& operator=(const DuckdbReportStore&) = delete;
  ~DuckdbReportStore() override;

  // When anything fails it rolls the transaction back, forgets the ids it keeps in memory (read
  // again next time) and rethrows: nothing of the batch is stored.
  std::vector<StoredReport> store(std::span<const PendingReport> reports) override;
  using ReportStore::store;

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

  // The connection, once the metric rows' INSERT (on a thread of its own) has ended.
  db::Connection& idle_connection();
  void load_ids();
  void store_one(const PendingReport& report, Appenders& out, int64_t ingested_us,
                 UuidSet& in_batch, StoredReport& answer);
  int32_t project_id(const std::string& slug);
  int32_t branch_id(int32_t project, const std::string& name);
  int32_t testbed_id(int32_t project, const ReportContext& context);
  int32_t benchmark_id(int32_t project, std::string_view name, std::string_view params_json,
                       Appenders& out);
  int32_t measure_id(int32_t project, const Measure& measure, Appenders& out);

  db::Connection& connection_;
  std::unique_ptr<MetricStream>
      metric_stream_;  // made at the first store(), outside its transaction
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
