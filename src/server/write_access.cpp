#include "server/write_access.hpp"

#include "core/sha256.hpp"
#include "store/tokens.hpp"

namespace perfwatch::server {

WriteAccess::WriteAccess(db::Session& connection) {
  auto snapshot = store::read_access(connection);
  projects_.insert(snapshot.projects.begin(), snapshot.projects.end());
  tokens_.insert(snapshot.token_sha256.begin(), snapshot.token_sha256.end());
  for (const auto& writer : snapshot.writers) {
    writers_.insert(writer.token_sha256 + '\x1f' + writer.project);
  }
}

bool WriteAccess::knows(const std::string& token) const {
  return !token.empty() && tokens_.contains(sha256_hex(token));
}

bool WriteAccess::allows(const std::string& token, const std::string& slug) const {
  return !token.empty() && writers_.contains(sha256_hex(token) + '\x1f' + slug);
}

}  // namespace perfwatch::server
