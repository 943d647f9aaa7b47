// The results server's store on PostgreSQL: a connection per caller from a pool, so that
// requests (submissions included) run side by side; PostgreSQL keeps them apart.
#include "server/postgres_writer.hpp"
#include "server/store.hpp"
#include "store/postgres_pool.hpp"

namespace perfwatch::server {
namespace {

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::unique_ptr<pg::Pool> pool) : pool_(std::move(pool)) {}

  void with_session(const std::function<void(db::Session&)>& work) override {
    auto connection = pool_->lease();
    work(*connection);
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
