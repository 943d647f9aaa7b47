#include "http/client.hpp"

#include <httplib.h>

#include "core/error.hpp"

namespace perfwatch::http {

std::string HttpResponse::describe() const {
  if (status == 0) return error.empty() ? "no response" : error;
  return "HTTP " + std::to_string(status);
}

std::pair<std::string, std::string> split_url(const std::string& url, const std::string& what) {
  const auto scheme_end = url.find("://");
  const auto scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    throw InputError(what + ": '" + url + "' is not an http:// or https:// URL");
  }
  const auto path_start = url.find_first_of("/?", scheme_end + 3);
  if (path_start == scheme_end + 3) throw InputError(what + ": '" + url + "' names no host");
  if (path_start == std::string::npos) return {url, "/"};
  std::string path = url.substr(path_start);
  if (path.front() == '?') path.insert(0, "/");
  return {url.substr(0, path_start), path};
}

HttpResponse send(const HttpRequest& request) {
  const auto [origin, path] = split_url(request.url, "URL");
  httplib::Client client(origin);
  const auto connect = request.connect_timeout.value_or(request.timeout);
  client.set_connection_timeout(connect.count() / 1000, (connect.count() % 1000) * 1000);
  const auto seconds = request.timeout.count() / 1000;
  const auto microseconds = (request.timeout.count() % 1000) * 1000;
  client.set_read_timeout(seconds, microseconds);
  client.set_write_timeout(seconds, microseconds);
  client.set_follow_location(false);
  client.set_tcp_nodelay(true);  // one small request: send it now
  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);

  httplib::Result result = [&] {
    if (request.method == "POST") {
      return client.Post(path, headers, request.body, request.content_type);
    }
    if (request.method == "PATCH") {
      return client.Patch(path, headers, request.body, request.content_type);
    }
    if (request.method == "PUT") {
      return client.Put(path, headers, request.body, request.content_type);
    }
    return client.Get(path, headers);
  }();
  HttpResponse response;
  if (!result) {
    response.error = httplib::to_string(result.error()) + " (" + origin + ")";
    return response;
  }
  response.status = result->status;
  response.body = result->body;
  return response;
}

}  // namespace perfwatch::http
