// Stores parsed submissions in a PostgreSQL database in one transaction: names (projects,
// branches, testbeds, benchmarks, measures) looked up or made, one report row per submission,
// and their metrics, failed runs and resource samples sent with COPY.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/submission.hpp"
#include "store/postgres.hpp"

namespace perfwatch::server {

// Ids of named rows known to be committed, shared by every connection of a server: a name's id
// never changes once made, so that a name seen before costs no statement.
class KnownIds {
 public:
  std::optional<int32_t> find(const std::string& key);
  void add(const std::unordered_map<std::string, int32_t>& ids);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, int32_t> ids_;
};

// Stores `submissions` in one transaction on `connection`; runs it again when PostgreSQL ends
// it for a deadlock or a serialization failure. Reports whose id is already stored (also one
// committed meanwhile by another connection) are answered stored = false and left as they are.
std::vector<StoredSubmission> store_on_postgres(pg::Connection& connection, KnownIds& known,
                                                std::span<const Submission> submissions);

}  // namespace perfwatch::server
