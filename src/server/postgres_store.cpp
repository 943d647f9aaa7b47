// The results server's store on PostgreSQL: a connection per caller from a pool, so that
// requests (submissions included) run side by side; PostgreSQL keeps them apart.
#include "server/postgres_writer.hpp"
#include "server/store.hpp"
#include "store/postgres_pool.hpp"
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

  std::vector<StoredSubmission> store(std::span<const Submission> submissions) override {
    auto connection = pool_->lease();
    return store_on_postgres(*connection, known_ids_, submissions);
  }

 private:
  std::unique_ptr<pg::Pool> pool_;
  KnownIds known_ids_;
};

}  // namespace

std::unique_ptr<Store> postgres_store(const std::string& url) {
  return std::make_unique<PostgresStore>(pg::Pool::open(url));
}

}  // namespace perfwatch::server
