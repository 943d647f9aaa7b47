#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "store/duckdb.hpp"

namespace perfwatch {

enum class AccessMode { read_only, read_write };

struct OpenOptions {
  std::string path = "perfwatch.duckdb";
  AccessMode mode = AccessMode::read_write;
  // How long to wait for another process that holds the file for writing.
  std::chrono::milliseconds lock_timeout{10'000};
};

// An open perfwatch database at the current schema version.
class Database {
 public:
  // Opens (creating in read_write mode) and migrates. Throws InputError, without modifying the
  // file, when it is not a perfwatch database, has a newer schema, is missing in read_only mode,
  // or stays locked by another writer past the lock timeout.
  static std::unique_ptr<Database> open(const OpenOptions& options);

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  db::Connection& connection() { return *connection_; }
  // Another connection to the same database, for a thread of its own: DuckDB runs the
  // connections of one process side by side, each with its own transaction.
  std::unique_ptr<db::Connection> connect() { return std::make_unique<db::Connection>(database_); }
  const std::string& path() const { return path_; }

  // For one writer appending a large report and nothing else (ingest): DuckDB then runs the
  // appender's flushes and the COMMIT on the calling thread instead of handing them to worker
  // threads that the caller polls by spinning. On the 2-core VM with a load of 8 this took the
  // 1 M-metric BMF ingest from 0.18-0.21 to 0.32-0.34 M metrics/s (docs/performance.md). The
  // setting is the whole database's, so a process that also queries must not call it.
  void use_one_thread();

  // Writes everything into the file (CHECKPOINT: no WAL is left beside it) and answers whether
  // the database may then be left open until the process ends instead of being closed: not
  // while DuckDB holds temporary files (spilled data), which only its close removes.
  bool checkpoint_for_exit();

 private:
  Database(std::string path, duckdb_database database);
  std::string path_;
  duckdb_database database_ = nullptr;
  std::unique_ptr<db::Connection> connection_;
};

}  // namespace perfwatch
