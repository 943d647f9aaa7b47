// The store a command reads and changes: the DuckDB file of --db, or the PostgreSQL database of
// --postgres (or $PERFWATCH_POSTGRES), the one a results server runs on. Commands written
// against db::Session (store/alerts.hpp, thresholds.hpp, tokens.hpp, listing.hpp) work on both,
// and the commands that store reports (ingest, run) write through its ReportStore, the one write
// path, whichever store it is.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/command.hpp"
#include "store/listing.hpp"
#include "store/postgres_pool.hpp"
#include "store/postgres_report_store.hpp"
#include "store/report_store.hpp"

namespace perfwatch::cli {

class StoreSession {
 public:
  // Opens the PostgreSQL database at `postgres_url` (migrating it, as `serve` does) when it is
  // not empty, else the DuckDB file of --db in `mode`. Throws InputError naming --postgres or
  // the file when it cannot be opened.
  StoreSession(const GlobalOptions& global, const std::string& postgres_url, AccessMode mode);
  StoreSession(const StoreSession&) = delete;
  StoreSession& operator=(const StoreSession&) = delete;

  db::Session& session();
  // The one write path into this store (store/report_store.hpp), made on first use. On the
  // DuckDB file it keeps names' ids in memory: nothing else may write reports there meanwhile.
  ReportStore& report_store();
  // The DuckDB file; null on PostgreSQL.
  Database* duckdb() { return database_.get(); }
  // The PostgreSQL connection; null on the DuckDB file.
  pg::Connection* postgres() { return lease_ ? &**lease_ : nullptr; }
  // What messages call the store: the DuckDB file's path, or "the PostgreSQL database".
  const std::string& name() const { return name_; }

  // For a command that ends once it has written: a DuckDB file is checkpointed and left open
  // until the process ends, so that DuckDB's close (freeing its caches and trimming the heap,
  // ~15 ms after a 1 M-metric ingest on the development VM, docs/performance.md "hold11") is
  // skipped; the kernel releases the file and its lock. Anything else closes as usual.
  static void leave_open_until_exit(std::unique_ptr<StoreSession> session);

 private:
  std::unique_ptr<Database> database_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<pg::Pool::Lease> lease_;  // destroyed before the pool it came from
  std::string name_;
  PostgresReportStore::KnownIds known_ids_;
  std::unique_ptr<ReportStore> report_store_;  // on database_ or lease_, destroyed before them
};

// For the commands whose queries are written for DuckDB only (export's COPY, changes' history):
// the project of `filter` (or, when it names none, the only one, written into it) copied from
// the PostgreSQL database at `postgres_url` into an in-memory DuckDB database
// (store/postgres_mirror.hpp). What the command writes there is not written back. Throws
// InputError naming --postgres, --project or the filter's other flags.
std::unique_ptr<Database> mirror_of_project(const std::string& postgres_url, ReportFilter& filter);

}  // namespace perfwatch::cli
