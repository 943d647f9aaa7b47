// The results server's HTTP JSON API over one perfwatch database. Every response is JSON; an
// error is {"error": "what was wrong"} with 400 (bad input), 401 (no or unknown token), 403
// (token without that right), 404, 405 or 413 (body over the limit). Nothing is written for a
// rejected request: a submission is stored in one transaction or not at all.
//
//   GET    /api/v1/health
//   POST   /api/v1/reports                                   submit (write), body below
//   GET    /api/v1/projects                                  those the caller may read
//   GET    /api/v1/projects/P/(branches|testbeds|benchmarks|measures|reports|metrics)
//            ?branch=&testbed=&report=                       as `perfwatch ls`
//   GET    /api/v1/projects/P/alerts?status=active|acknowledged|dismissed|resolved|all
//   POST   /api/v1/projects/P/alerts/ID/(acknowledge|dismiss)   (write)
//   GET    /api/v1/projects/P/thresholds
//   POST   /api/v1/projects/P/thresholds                     (write) {"test", "lower", ...}
//   DELETE /api/v1/projects/P/thresholds/ID                  (write)
//
// A submission is {"context": {...} (context_json.hpp), "adapter": "auto" or a name,
// "content": the results file's text}; the token is "Authorization: Bearer TOKEN".
#pragma once

#include <httplib.h>

#include <mutex>

#include "server/group_commit.hpp"
#include "server/write_access.hpp"
#include "store/database.hpp"

namespace perfwatch::server {

struct ServerLimits {
  std::size_t max_body_bytes = 32 << 20;
  std::size_t max_batch = 256;  // submissions stored in one transaction at most
};

// Registers the API's routes on `http`. Submissions are stored by one writer thread on its own
// connection, many to a transaction (group_commit.hpp); everything else is served one database
// call at a time on the readers' connection.
class Api {
 public:
  Api(Database& database, ServerLimits limits);
  void install(httplib::Server& http);

 private:
  Database& database_;
  ServerLimits limits_;
  std::mutex mutex_;  // the readers' connection, database_.connection()
  WriteAccess write_access_;
  GroupCommit writer_;
};

}  // namespace perfwatch::server
