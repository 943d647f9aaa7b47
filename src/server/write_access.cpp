#include "server/write_access.hpp"

#include "core/sha256.hpp"

namespace perfwatch::server {

WriteAccess::WriteAccess(db::Connection& connection) {
  auto projects = connection.query("SELECT slug FROM project");
  for (uint64_t row = 0; row < projects.row_count(); ++row)
    projects_.insert(*projects.text(0, row));
  auto tokens = connection.query("SELECT token_sha256 FROM api_token");
  for (uint64_t row = 0; row < tokens.row_count(); ++row) tokens_.insert(*tokens.text(0, row));
  auto writers = connection.query(
      "SELECT t.token_sha256 || chr(31) || p.slug FROM api_token t JOIN project p ON p.id = "
      "t.project WHERE t.scope = 'write'");
  for (uint64_t row = 0; row < writers.row_count(); ++row) writers_.insert(*writers.text(0, row));
}

bool WriteAccess::knows(const std::string& token) const {
  return !token.empty() && tokens_.contains(sha256_hex(token));
}

bool WriteAccess::allows(const std::string& token, const std::string& slug) const {
  return !token.empty() && writers_.contains(sha256_hex(token) + '\x1f' + slug);
}

}  // namespace perfwatch::server
