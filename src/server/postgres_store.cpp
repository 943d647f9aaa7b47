// The results server's store on PostgreSQL: a connection per caller from a pool, so that
// requests (submissions included) run side by side; PostgreSQL keeps them apart. Each request's
// submissions are one ReportStore batch on its own connection. A group-commit writer thread as
// on DuckDB was measured slower here (one thread then makes every report's statements in turn;
// docs/performance.md, "One write path").
#include <vector>

#include "server/store.hpp"
#include "store/postgres_pool.hpp"
#include "store/postgres_report_store.hpp"
#include "store/tokens.hpp"

namespace perfwatch::server {
namespace {

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::unique_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

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
    std::vector<PendingReport> pending;
    for (const auto& submission : submissions) pending.push_back(PendingReport::of(submission));
    auto connection = pool_->lease();
    return PostgresReportStore(*connection, known_ids_).store(pending);
  }

 private:
  std::unique_ptr<pg::Pool> pool_;
  PostgresReportStore::KnownIds known_ids_;
};

}  // namespace

std::unique_ptr<Store> postgres_store(const std::string& url) {
  return std::make_unique<PostgresStore>(pg::Pool::open(url));
}

}  // namespace perfwatch::server
