// A transaction on a session (DuckDB or PostgreSQL) that rolls back unless committed: what a
// command changes in several statements is stored whole or not at all, also when one of them
// throws.
#pragma once

#include <string_view>

#include "store/sql.hpp"

namespace perfwatch::db {

class Transaction {
 public:
  // `begin` may set PostgreSQL's isolation level, e.g. "BEGIN ISOLATION LEVEL REPEATABLE READ".
  explicit Transaction(Session& session, std::string_view begin = "BEGIN TRANSACTION")
      : session_(session) {
    session_.execute(begin);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) {
      try {
        session_.execute("ROLLBACK");
      } catch (...) {
        // The connection broke: the database rolled the transaction back itself.
      }
    }
  }

  void commit() {
    session_.execute("COMMIT");
    open_ = false;
  }

 private:
  Session& session_;
  bool open_ = true;
};

}  // namespace perfwatch::db
