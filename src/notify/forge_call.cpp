#include "notify/forge_call.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"

namespace perfwatch::notify {

http::HttpResponse call_forge(const http::HttpRequest& request, const std::string& path,
                              const http::RetryPolicy& retry, const ForgeErrors& errors) {
  auto response = http::send_with_retries(request, retry);
  if (response.ok()) return response;
  std::string hint;
  if (response.status == 401) hint = " (" + errors.unauthorised_hint + ")";
  if (response.status == 403 || response.status == 404) hint = " (" + errors.forbidden_hint + ")";
  auto detail = response.describe();
  if (const auto message = errors.message_of(response.body); !message.empty()) {
    detail += ": " + message;
  }
  throw InputError(fmt::format("{}: {} {}: {}{}", errors.api, request.method, path, detail, hint));
}

std::string environment_variable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string one_line_excerpt(const std::string& body) {
  auto text = body.substr(0, 200);
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace perfwatch::notify
