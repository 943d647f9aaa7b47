#include "submit/submitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "submit/context_json.hpp"

namespace perfwatch::submit {
namespace {

// Thrown for an answer that means "try again later".
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

Submitter::Submitter(const std::string& url, std::string token, std::filesystem::path spool,
                     http::RetryPolicy retry)
    : token_(std::move(token)), spool_(std::move(spool)), retry_(retry) {
  static const std::regex shape(R"(^(https?://[A-Za-z0-9.\-\[\]:]+?)/?$)");
  std::smatch match;
  if (!std::regex_match(url, match, shape)) {
    throw InputError("--server: '" + url + "' is not http://HOST[:PORT]");
  }
  base_url_ = match[1].str();
}

nlohmann::json Submitter::envelope(const ReportContext& context, const std::string& adapter,
                                   const std::string& content) {
  return {{"context", context_to_json(context)}, {"adapter", adapter}, {"content", content}};
}

SubmitResult Submitter::send(const std::string& body) {
  http::HttpRequest request;
  request.method = "POST";
  request.url = base_url_ + "/api/v1/reports";
  if (!token_.empty()) request.headers.emplace_back("Authorization", "Bearer " + token_);
  request.body = body;
  request.connect_timeout = std::chrono::seconds(5);
  request.timeout = std::chrono::seconds(60);
  const auto response = http::send_with_retries(request, retry_);
  if (response.status == 0) {
    throw Unavailable(fmt::format("cannot reach {}: {}", base_url_, response.error));
  }
  const auto json = nlohmann::json::parse(response.body, nullptr, false);
  const auto message = json.is_object() && json.contains("error")
                           ? json["error"].get<std::string>()
                           : fmt::format("HTTP {}", response.status);
  if (response.retryable()) {
    throw Unavailable(fmt::format("{} answered {}: {}", base_url_, response.status, message));
  }
  if (response.status >= 400 || !json.is_object()) {
    throw InputError(fmt::format("--server: {} refused the report ({}): {}", base_url_,
                                 response.status, message));
  }
  return {true, json.value("report", ""), json.value("stored", false),
          json.value("metrics", uint64_t{0}), ""};
}

void Submitter::keep(const std::string& body) {
  std::filesystem::create_directories(spool_);
  // Named by time, then content, so that the spool is sent oldest first and kept once.
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto name = fmt::format("{:020}-{}.json", std::chrono::nanoseconds(now).count(),
                                sha256_hex(body).substr(0, 16));
  const auto partial = spool_ / (name + ".partial");
  {
    std::ofstream out(partial, std::ios::binary);
    out << body;
    if (!out.flush()) throw std::runtime_error("cannot write " + partial.string());
  }
  std::filesystem::rename(partial, spool_ / name);  // never half a submission in the spool
}

SubmitResult Submitter::submit(const nlohmann::json& body) {
  const auto text = body.dump();
  try {
    return send(text);
  } catch (const Unavailable& error) {
    keep(text);
    return {false, "", false, 0, error.what()};
  }
}

std::size_t Submitter::flush_spool() {
  if (!std::filesystem::is_directory(spool_)) return 0;
  std::vector<std::filesystem::path> kept;
  for (const auto& entry : std::filesystem::directory_iterator(spool_)) {
    if (entry.path().extension() == ".json") kept.push_back(entry.path());
  }
  std::sort(kept.begin(), kept.end());
  std::size_t sent = 0;
  for (const auto& path : kept) {
    try {
      send(read_whole(path));
    } catch (const Unavailable&) {
      break;
    } catch (const InputError& refused) {
      // Kept aside for a person to look at, so that it does not block the ones after it.
      std::filesystem::rename(path, path.string() + ".refused");
      std::fprintf(stderr, "%s: kept as %s.refused: %s\n", path.c_str(), path.c_str(),
                   refused.what());
      continue;
    }
    std::filesystem::remove(path);
    ++sent;
  }
  return sent;
}

}  // namespace perfwatch::submit
