// The results server's store on the DuckDB file: one connection behind a mutex (DuckDB takes
// one writer at a time anyway), each submission written by ReportWriter's appenders.
#include <mutex>

#include "server/store.hpp"
#include "store/report_writer.hpp"

namespace perfwatch::server {
namespace {

class DuckdbStore final : public Store {
 public:
  explicit DuckdbStore(Database& database) : database_(database) {}

  void with_session(const std::function<void(db::Session&)>& work) override {
    std::lock_guard lock(mutex_);
    work(database_.connection());
  }

  std::vector<StoredSubmission> store(std::span<const Submission> submissions) override {
    std::lock_guard lock(mutex_);
    std::vector<StoredSubmission> stored;
    for (const auto& submission : submissions) {
      ReportWriter writer(database_, submission.context, submission.content_hash);
      if (!writer.already_stored()) submission.replay(writer);
      writer.commit();
      stored.push_back({writer.report_id(), !writer.already_stored(), writer.metric_count()});
    }
    return stored;
  }

 private:
  Database& database_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Store> duckdb_store(Database& database) {
  return std::make_unique<DuckdbStore>(database);
}

}  // namespace perfwatch::server
