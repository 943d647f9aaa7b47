// http: perfwatch's one HTTP client (submissions to a results server, webhooks, GitHub): one
// HTTP(S) request, sent with cpp-httplib. Transport failures come back as values, not
// exceptions: callers decide whether to retry (retry.hpp), keep, warn or fail.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace perfwatch::http {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PATCH or PUT
  std::string url;             // absolute: http://host[:port]/path?query or https://...
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  std::chrono::milliseconds timeout{10'000};                 // for reading and writing
  std::optional<std::chrono::milliseconds> connect_timeout;  // none: `timeout`
};

struct HttpResponse {
  int status = 0;     // 0: no response (see error)
  std::string error;  // why no response came (connection refused, timeout...); empty otherwise
  std::string body;

  bool ok() const { return status >= 200 && status < 300; }
  // Worth another try: no response, a server error or "too many requests".
  bool retryable() const { return status == 0 || status == 429 || status >= 500; }
  // "HTTP 404" or the transport error, for messages.
  std::string describe() const;
};

// Splits "https://host:port/base/path?q" into "https://host:port" and "/base/path?q" (at least
// "/"). Throws InputError naming `what` when the URL is not http or https.
std::pair<std::string, std::string> split_url(const std::string& url, const std::string& what);

// Sends `request`; never throws for network trouble.
HttpResponse send(const HttpRequest& request);

}  // namespace perfwatch::http
