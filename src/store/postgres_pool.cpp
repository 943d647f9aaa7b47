#include "store/postgres_pool.hpp"

#include "store/schema.hpp"

namespace perfwatch::pg {
namespace {

// The advisory lock key under which a server checks and migrates the schema ("perfwatch" as
// an integer of its own; any fixed number other programs are unlikely to use).
constexpr const char* kMigrationLock = "7070657266776174";

}  // namespace

std::unique_ptr<Pool> Pool::open(const std::string& url) {
  std::unique_ptr<Pool> pool(new Pool(url));
  auto connection = std::make_unique<Connection>(url);
  // Held until unlocked or, when this throws, until the connection closes.
  connection->execute(std::string("SELECT pg_advisory_lock(") + kMigrationLock + ")");
  const auto version =
      checked_schema_version(*connection, "--postgres", "pass --postgres with another database");
  migrate(*connection, version, current_schema_version());
  connection->execute(std::string("SELECT pg_advisory_unlock(") + kMigrationLock + ")");
  pool->give_back(std::move(connection));
  return pool;
}

Pool::Lease Pool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  return Lease(*this, std::make_unique<Connection>(url_));
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
  if (!connection || !connection->idle()) return;
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace perfwatch::pg
