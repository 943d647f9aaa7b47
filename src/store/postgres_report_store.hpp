// ReportStore on a PostgreSQL database: names (projects, branches, testbeds, benchmarks,
// measures) looked up or made, one report row per report, and their metrics, failed runs,
// resource and GPU samples sent with COPY, the whole batch in one transaction. Several
// connections (and several servers) may store at once: PostgreSQL keeps them apart.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/postgres.hpp"
#include "store/report_store.hpp"

namespace perfwatch {

class PostgresReportStore final : public ReportStore {
 public:
  // Ids of named rows known to be committed, shared by every connection of a server: a name's
  // id never changes once made, so that a name seen before costs no statement.
  class KnownIds {
   public:
    std::optional<int32_t> find(const std::string& key);
    void add(const std::unordered_map<std::string, int32_t>& ids);

   private:
    std::mutex mutex_;
    std::unordered_map<std::string, int32_t> ids_;
  };

  // The transaction-scoped advisory lock under which new names get their ids: ids are the
  // largest so far plus one (as DuckDB's writer makes them), so two connections making names at
  // once would pick the same one. Whatever else makes names (merge) takes it too.
  static constexpr const char* new_names_lock = "7070657266776175";

  PostgresReportStore(pg::Connection& connection, KnownIds& known)
      : connection_(connection), known_(known) {}

  // Runs the transaction again when PostgreSQL ends it for a deadlock or a serialization
  // failure. Reports whose id is already stored (also one committed meanwhile by another
  // connection) are answered stored = false and left as they are.
  std::vector<StoredReport> store(std::span<const PendingReport> reports) override;
  using ReportStore::store;

 private:
  pg::Connection& connection_;
  KnownIds& known_;
};

}  // namespace perfwatch
