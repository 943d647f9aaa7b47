// A perfwatch database on a PostgreSQL server, shared by many threads: each takes a connection
// of its own for what it does (a lease), so that they run side by side rather than one at a
// time; a connection is kept for the next lease when its holder is done.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres.hpp"

namespace perfwatch::pg {

class Pool {
 public:
  // Connects to `url` and brings the database to the current schema with the same migrations
  // as DuckDB's (under an advisory lock, so that servers started together migrate once).
  // Throws InputError, changing nothing, when the server cannot be reached or the database
  // holds other tables or a newer perfwatch schema.
  static std::unique_ptr<Pool> open(const std::string& url);

  // A connection held until the lease is destroyed.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> connection)
        : pool_(pool), connection_(std::move(connection)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(connection_)); }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection, or a new one when all are taken.
  Lease lease();

 private:
  explicit Pool(std::string url) : url_(std::move(url)) {}
  // Keeps `connection` for the next lease, unless it broke or was left inside a transaction.
  void give_back(std::unique_ptr<Connection> connection);

  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace perfwatch::pg
