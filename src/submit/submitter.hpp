// submit: sending reports to a results server (`perfwatch ingest --server URL`, `run --server`).
// A transient failure (unreachable, 429 or 5xx) is retried with back-off (http/retry.hpp); a
// submission the server still could not take is kept in a spool folder and sent again before the
// next submissions, so that none is lost; one the server refused (4xx: bad input, bad token) is
// an error, not kept.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "core/report_context.hpp"
#include "http/retry.hpp"

namespace perfwatch::submit {

struct SubmitResult {
  bool delivered = false;  // false: kept in the spool
  std::string report_id;
  bool stored = false;  // false when the server already had it
  uint64_t metrics = 0;
  std::string message;  // why it was kept, when not delivered
};

class Submitter {
 public:
  // `url`: http://host:port (a path prefix is not supported). Throws InputError for a URL that
  // is not http(s)://host[:port].
  Submitter(const std::string& url, std::string token, std::filesystem::path spool,
            http::RetryPolicy retry = {3, std::chrono::milliseconds(500),
                                       std::chrono::milliseconds(2000)});

  // The body of a submission (api.hpp).
  static nlohmann::json envelope(const ReportContext& context, const std::string& adapter,
                                 const std::string& content);

  // Sends `body`; kept in the spool when the server cannot take it. Throws InputError with the
  // server's message when it refuses it.
  SubmitResult submit(const nlohmann::json& body);

  // Sends what the spool holds, oldest first, until one fails again; returns how many went.
  std::size_t flush_spool();

 private:
  SubmitResult send(const std::string& body);
  void keep(const std::string& body);

  std::string base_url_;
  std::string token_;
  std::filesystem::path spool_;
  http::RetryPolicy retry_;
};

}  // namespace perfwatch::submit
