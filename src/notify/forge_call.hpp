// One call of a forge's REST API (GitHub, GitLab): sent with retries, and a refusal turned into
// one line that names the API, the request, the forge's own message and what to check; and the
// environment variables both forges' settings are read from.
#pragma once

#include <string>

#include "http/client.hpp"
#include "http/retry.hpp"

namespace perfwatch::notify {

struct ForgeErrors {
  std::string api;                                               // "GitHub API"
  std::string unauthorised_hint;                                 // said after a 401
  std::string forbidden_hint;                                    // said after a 403 or 404
  std::string (*message_of)(const std::string& body) = nullptr;  // the forge's error text
};

// Sends `request` (its path, `path`, is what the error names); throws InputError when the forge
// answers with an error after the retries.
http::HttpResponse call_forge(const http::HttpRequest& request, const std::string& path,
                              const http::RetryPolicy& retry, const ForgeErrors& errors);

// The value of environment variable `name`; empty when it is not set.
std::string environment_variable(const char* name);

// The first 200 characters of an error body that is not the forge's JSON, on one line.
std::string one_line_excerpt(const std::string& body);

}  // namespace perfwatch::notify
