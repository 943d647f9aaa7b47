#include "cli/store_session.hpp"

namespace perfwatch::cli {

StoreSession::StoreSession(const GlobalOptions& global, const std::string& postgres_url,
                           AccessMode mode) {
  if (postgres_url.empty()) {
    database_ = open_database(global, mode);
    name_ = global.db_path;
    return;
  }
  pool_ = pg::Pool::open(postgres_url);
  lease_ = std::unique_ptr<pg::Pool::Lease>(new pg::Pool::Lease(pool_->lease()));
  name_ = "the PostgreSQL database";
}

db::Session& StoreSession::session() {
  if (database_) return database_->connection();
  return **lease_;
}

}  // namespace perfwatch::cli
