#include "server/tokens.hpp"

#include <fmt/format.h>
#include <sys/random.h>

#include <array>

#include "core/error.hpp"
#include "core/sha256.hpp"

namespace perfwatch::server {
namespace {

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 64> buffer{};
  if (getrandom(buffer.data(), bytes, 0) != static_cast<ssize_t>(bytes)) {
    throw std::runtime_error("getrandom failed");
  }
  std::string hex;
  for (std::size_t i = 0; i < bytes; ++i) hex += fmt::format("{:02x}", buffer[i]);
  return hex;
}

int64_t project_id(db::Session& connection, const std::string& project) {
  auto found = connection.run("SELECT id FROM project WHERE slug = " + sql_quote(project));
  if (found->row_count() == 0) throw InputError("--project: no project '" + project + "'");
  return found->int64(0, 0);
}

// A token may be made before the project's first report: the project is made then.
int64_t project_id_made_if_missing(db::Session& connection, const std::string& project) {
  if (project.empty() || project.size() > 256) throw InputError("--project: empty or too long");
  connection.execute(fmt::format(
      "INSERT INTO project SELECT (SELECT coalesce(max(id), 0) + 1 FROM project), {0}, {0} "
      "WHERE NOT EXISTS (SELECT 1 FROM project WHERE slug = {0}) ON CONFLICT DO NOTHING",
      sql_quote(project)));
  return project_id(connection, project);
}

}  // namespace

std::string create_token(db::Session& connection, const std::string& project,
                         const std::string& name, const std::string& scope) {
  if (scope != "read" && scope != "write") {
    throw InputError("--scope: '" + scope + "' is neither read nor write");
  }
  const auto id = project_id_made_if_missing(connection, project);
  const auto token = "pw_" + random_hex(20);
  connection.execute(fmt::format(
      "INSERT INTO api_token SELECT (SELECT coalesce(max(id), 0) + 1 FROM api_token), {}, {}, "
      "{}, {}, now()::TIMESTAMP",
      id, sql_quote(name), sql_quote(scope), sql_quote(sha256_hex(token))));
  return token;
}

Listing list_tokens(db::Session& connection, const std::string& project) {
  auto rows = connection.run(
      "SELECT t.id, p.slug, t.name, t.scope, t.created::VARCHAR FROM api_token t JOIN project p "
      "ON p.id = t.project" +
      (project.empty() ? std::string() : " WHERE p.slug = " + sql_quote(project)) +
      " ORDER BY t.id");
  Listing listing{{"id", "project", "name", "scope", "created"}, nlohmann::ordered_json::array()};
  for (uint64_t row = 0; row < rows->row_count(); ++row) {
    listing.rows.push_back({{"id", rows->int64(0, row)},
                            {"project", *rows->text(1, row)},
                            {"name", *rows->text(2, row)},
                            {"scope", *rows->text(3, row)},
                            {"created", *rows->text(4, row)}});
  }
  return listing;
}

void revoke_token(db::Session& connection, int64_t id) {
  auto removed =
      connection.run(fmt::format("DELETE FROM api_token WHERE id = {} RETURNING id", id));
  if (removed->row_count() == 0) throw InputError(fmt::format("no token with id {}", id));
}

void set_public_read(db::Session& connection, const std::string& project, bool public_read) {
  connection.execute(
      fmt::format("INSERT INTO project_access VALUES ({}, {}) "
                  "ON CONFLICT (project) DO UPDATE SET public_read = excluded.public_read",
                  project_id(connection, project), public_read));
}

bool allows(db::Session& connection, const std::string& token, int64_t project_id, Scope scope) {
  if (scope == Scope::read) {
    auto open = connection.run(
        fmt::format("SELECT 1 FROM project_access WHERE project = {} AND public_read", project_id));
    if (open->row_count() > 0) return true;
  }
  if (token.empty()) return false;
  auto found = connection.run(fmt::format(
      "SELECT 1 FROM api_token WHERE project = {} AND token_sha256 = {}{}", project_id,
      sql_quote(sha256_hex(token)), scope == Scope::write ? " AND scope = 'write'" : ""));
  return found->row_count() > 0;
}

}  // namespace perfwatch::server
