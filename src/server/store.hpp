// Where the results server keeps what it serves: the embedded DuckDB file (--db) or a
// PostgreSQL database (--postgres). The API's reads, token checks, alerts and thresholds are
// the same SQL on both, run on a session the store lends; submissions are stored through the
// database's ReportStore (DuckDB's appenders, PostgreSQL's COPY), on DuckDB in batches by one
// writer thread (group_commit.hpp).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/report_record.hpp"
#include "store/database.hpp"
#include "store/report_store.hpp"
#include "store/sql.hpp"

namespace perfwatch::server {

class Store {
 public:
  virtual ~Store() = default;
  // Runs `work` on a session no other thread uses meanwhile.
  virtual void with_session(const std::function<void(db::Session&)>& work) = 0;
  // Whether `token` (may be empty) is a token of any project and scope; the API answers 401
  // to a submission without one before it reads the body.
  virtual bool knows_token(const std::string& token) = 0;
  // Whether `token` (may be empty) may submit reports to project `slug`, and whether that
  // project exists (a refusal is then 403 rather than 404).
  struct WriteCheck {
    bool allowed = false;
    bool project_exists = false;
  };
  virtual WriteCheck may_submit(const std::string& token, const std::string& slug) = 0;
  // Stores the submissions, each whole or not at all, and answers for each in order. One
  // already stored (the same report id) is answered stored = false and not written again,
  // also when the same report comes twice at once.
  virtual std::vector<StoredReport> store(std::span<const ReportRecord> submissions) = 0;
};

// The DuckDB file `database`: readers take turns on its connection; submissions are stored by
// one writer thread on a connection of its own, up to `max_batch` to a transaction
// (group_commit.hpp), and write access is read once at the start (write_access.hpp).
std::unique_ptr<Store> duckdb_store(Database& database, std::size_t max_batch = 256);
// The PostgreSQL database at `url`, migrated first (pg::Pool::open): a connection per caller,
// each call to store() one transaction.
std::unique_ptr<Store> postgres_store(const std::string& url);

}  // namespace perfwatch::server
