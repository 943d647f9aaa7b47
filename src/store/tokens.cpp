#include "store/tokens.hpp"

#include <fmt/format.h>
#include <sys/random.h>

#include <array>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "store/named_rows.hpp"

namespace perfwatch::store {
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

int64_t existing_project_id(db::Session& connection, const std::string& project) {
  const auto id = project_id(connection, project);
  if (!id) throw InputError("--project: no project '" + project + "'");
  return *id;
}

// A token may be made before the project's first report: the project is made then.
int64_t project_id_made_if_missing(db::Session& connection, const std::string& project) {
  if (project.empty() || project.size() > 256) throw InputError("--project: empty or too long");
  connection.execute(fmt::format(
      "INSERT INTO project SELECT (SELECT coalesce(max(id), 0) + 1 FROM project), {0}, {0} "
      "WHERE NOT EXISTS (SELECT 1 FROM project WHERE slug = {0}) ON CONFLICT DO NOTHING",
      sql_quote(project)));
  return existing_project_id(connection, project);
}

}  // namespace

std::optional<int64_t> project_id(db::Session& connection, const std::string& slug) {
  const auto found =
      db::query(connection, "SELECT id FROM project WHERE slug = " + sql_quote(slug));
  if (found.size() == 0) return std::nullopt;
  return found.int64("id", 0);
}

bool knows_token(db::Session& connection, const std::string& token) {
  if (token.empty()) return false;
  return connection
             .run("SELECT 1 FROM api_token WHERE token_sha256 = " + sql_quote(sha256_hex(token)))
             ->row_count() > 0;
}

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
  const auto rows = db::query(
      connection,
      "SELECT t.id AS id, p.slug AS project, t.name AS name, t.scope AS scope, "
      "t.created::VARCHAR AS created FROM api_token t JOIN project p ON p.id = t.project" +
          (project.empty() ? std::string() : " WHERE p.slug = " + sql_quote(project)) +
          " ORDER BY t.id");
  Listing listing{{"id", "project", "name", "scope", "created"}, nlohmann::ordered_json::array()};
  for (uint64_t row = 0; row < rows.size(); ++row) {
    listing.rows.push_back({{"id", rows.int64("id", row)},
                            {"project", rows.text("project", row)},
                            {"name", rows.text("name", row)},
                            {"scope", rows.text("scope", row)},
                            {"created", rows.text("created", row)}});
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
                  existing_project_id(connection, project), public_read));
}

std::vector<std::string> public_projects(db::Session& connection) {
  const auto rows = db::query(connection,
                              "SELECT p.slug AS slug FROM project p JOIN project_access a ON "
                              "a.project = p.id WHERE a.public_read ORDER BY p.slug");
  std::vector<std::string> slugs;
  for (uint64_t row = 0; row < rows.size(); ++row) slugs.push_back(rows.text("slug", row));
  return slugs;
}

AccessSnapshot read_access(db::Session& connection) {
  AccessSnapshot snapshot;
  const auto projects = db::query(connection, "SELECT slug FROM project");
  for (uint64_t row = 0; row < projects.size(); ++row) {
    snapshot.projects.push_back(projects.text("slug", row));
  }
  const auto tokens = db::query(connection, "SELECT token_sha256 FROM api_token");
  for (uint64_t row = 0; row < tokens.size(); ++row) {
    snapshot.token_sha256.push_back(tokens.text("token_sha256", row));
  }
  const auto writers = db::query(
      connection,
      "SELECT t.token_sha256 AS token_sha256, p.slug AS project FROM api_token t JOIN project p "
      "ON p.id = t.project WHERE t.scope = 'write'");
  for (uint64_t row = 0; row < writers.size(); ++row) {
    snapshot.writers.push_back({writers.text("token_sha256", row), writers.text("project", row)});
  }
  return snapshot;
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

}  // namespace perfwatch::store
