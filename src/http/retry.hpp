// http/retry: sending a request again after transient failures, waiting longer each time.
#pragma once

#include <chrono>
#include <functional>

#include "http/client.hpp"

namespace perfwatch::http {

struct RetryPolicy {
  int attempts = 4;                            // in all, the first included; at least 1
  std::chrono::milliseconds first_wait{1000};  // before the second attempt; doubles each time
  std::chrono::milliseconds max_wait{30'000};  // no single wait is longer
};

// The wait before attempt `attempt` (2, 3, ...): first_wait * 2^(attempt-2), capped at max_wait.
std::chrono::milliseconds backoff_wait(const RetryPolicy& policy, int attempt);

// Sends `request` until a response is not retryable (see HttpResponse::retryable) or the
// attempts are spent; returns the last response. `sleep` waits (replaceable in tests);
// `attempts_made`, when given, receives how many requests were sent.
HttpResponse send_with_retries(
    const HttpRequest& request, const RetryPolicy& policy, int* attempts_made = nullptr,
    const std::function<void(std::chrono::milliseconds)>& sleep = nullptr);

}  // namespace perfwatch::http
