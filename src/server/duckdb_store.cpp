// The results server's store on the DuckDB file. Readers take turns on the database's
// connection behind a mutex; submissions go to the group-commit writer thread, which stores
// many in one transaction on a connection of its own, so they never wait for readers.
#include <mutex>

#include "server/group_commit.hpp"
#include "server/store.hpp"
#include "server/write_access.hpp"
#include "store/duckdb_report_store.hpp"

namespace perfwatch::server {
namespace {

class DuckdbStore final : public Store {
 public:
  DuckdbStore(Database& database, std::size_t max_batch)
      : database_(database),
        write_access_(database.connection()),
        writer_connection_(database.connect()),
        writer_(std::make_unique<DuckdbReportStore>(*writer_connection_), max_batch) {}

  void with_session(const std::function<void(db::Session&)>& work) override {
    std::lock_guard lock(mutex_);
    work(database_.connection());
  }

  bool knows_token(const std::string& token) override { return write_access_.knows(token); }

  WriteCheck may_submit(const std::string& token, const std::string& slug) override {
    return {write_access_.allows(token, slug), write_access_.has_project(slug)};
  }

  std::vector<StoredReport> store(std::span<const ReportRecord> submissions) override {
    std::vector<StoredReport> stored;
    for (const auto& submission : submissions) stored.push_back(writer_.store(submission));
    return stored;
  }

 private:
  Database& database_;
  std::mutex mutex_;  // the readers' connection, database_.connection()
  const WriteAccess write_access_;
  // The writer thread's own connection, the only one that stores reports.
  std::unique_ptr<db::Connection> writer_connection_;
  GroupCommit writer_;
};

}  // namespace

std::unique_ptr<Store> duckdb_store(Database& database, std::size_t max_batch) {
  return std::make_unique<DuckdbStore>(database, max_batch);
}

}  // namespace perfwatch::server
