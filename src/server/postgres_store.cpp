// The results server's store on PostgreSQL: a connection per caller from a pool, so that
// requests run side by side; PostgreSQL keeps them apart. Submissions go to the group-commit
// writer thread as on DuckDB, so that many share one COMMIT; several servers over one database
// each have their own.
#include "server/group_commit.hpp"
#include "server/store.hpp"
#include "store/postgres_pool.hpp"
#include "store/postgres_report_store.hpp"
#include "store/tokens.hpp"

namespace perfwatch::server {
namespace {

// PostgresReportStore on a connection leased for each batch, so that a connection that broke
// is replaced by the next batch's.
class PooledReportStore final : public ReportStore {
 public:
  explicit PooledReportStore(pg::Pool& pool) : pool_(pool) {}
  std::vector<StoredReport> store(std::span<const PendingReport> reports) override {
    auto connection = pool_.lease();
    return PostgresReportStore(*connection, known_ids_).store(reports);
  }
  using ReportStore::store;

 private:
  pg::Pool& pool_;
  PostgresReportStore::KnownIds known_ids_;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::unique_ptr<pg::Pool> pool, std::size_t max_batch)
      : pool_(std::move(pool)), writer_(std::make_unique<PooledReportStore>(*pool_), max_batch) {}

  void with_session(const std::function<void(db::Session&)>& work) override {
    auto connection = pool_->lease();
    work(*connection);
  }

  // Asked of the database each time: tokens may change while the server runs.
  bool knows_token(const std::string& token) override {
    if (token.empty()) return false;
    auto connection = pool_->lease();
    return store::knows_token(*connection, token);
  }

  WriteCheck may_submit(const std::string& token, const std::string& slug) override {
    auto connection = pool_->lease();
    const auto project = store::project_id(*connection, slug);
    if (!project) return {false, false};
    return {store::allows(*connection, token, *project, store::Scope::write), true};
  }

  std::vector<StoredReport> store(std::span<const ReportRecord> submissions) override {
    std::vector<StoredReport> stored;
    for (const auto& submission : submissions) stored.push_back(writer_.store(submission));
    return stored;
  }

 private:
  std::unique_ptr<pg::Pool> pool_;
  GroupCommit writer_;
};

}  // namespace

std::unique_ptr<Store> postgres_store(const std::string& url, std::size_t max_batch) {
  return std::make_unique<PostgresStore>(pg::Pool::open(url), max_batch);
}

}  // namespace perfwatch::server
