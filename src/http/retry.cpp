#include "http/retry.hpp"

#include <algorithm>
#include <thread>

namespace perfwatch::http {

std::chrono::milliseconds backoff_wait(const RetryPolicy& policy, int attempt) {
  auto wait = policy.first_wait;
  for (int step = 2; step < attempt && wait < policy.max_wait; ++step) wait *= 2;
  return std::min(wait, policy.max_wait);
}

HttpResponse send_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                               int* attempts_made,
                               const std::function<void(std::chrono::milliseconds)>& sleep) {
  HttpResponse response;
  const int attempts = std::max(policy.attempts, 1);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      const auto wait = backoff_wait(policy, attempt);
      if (sleep) {
        sleep(wait);
      } else {
        std::this_thread::sleep_for(wait);
      }
    }
    response = send(request);
    if (attempts_made) *attempts_made = attempt;
    if (!response.retryable()) break;
  }
  return response;
}

}  // namespace perfwatch::http
