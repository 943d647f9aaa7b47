// store: the results server's API tokens and who may read which project. Tokens are random, shown
// once when made, stored as their SHA-256, each for one project with a read or a write scope (write
// includes read). A project may also be readable by anyone (public read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/listing.hpp"
#include "store/sql.hpp"

namespace perfwatch::store {

enum class Scope { read, write };

// Makes a token for `project` (made when it has no report yet) and returns it: "pw_" and 40 hex
// digits from the kernel's random source. Throws InputError for an unknown project or scope.
std::string create_token(db::Session& connection, const std::string& project,
                         const std::string& name, const std::string& scope);
// Tokens of `project` (every project when empty), without their secret.
Listing list_tokens(db::Session& connection, const std::string& project);
void revoke_token(db::Session& connection, int64_t id);
void set_public_read(db::Session& connection, const std::string& project, bool public_read);

// The id of project `slug`, if there is one.
std::optional<int64_t> project_id(db::Session& connection, const std::string& slug);

// Whether `token` (may be empty) is a token of any project and scope.
bool knows_token(db::Session& connection, const std::string& token);

// The projects anyone may read, by slug.
std::vector<std::string> public_projects(db::Session& connection);

// Every project, token and write right at one moment, for a server that answers from memory.
struct AccessSnapshot {
  std::vector<std::string> projects;  // slugs
  std::vector<std::string> token_sha256;
  struct Writer {
    std::string token_sha256;
    std::string project;
  };
  std::vector<Writer> writers;  // the write tokens and their project
};
AccessSnapshot read_access(db::Session& connection);

// Whether `token` (may be empty) allows `scope` on `project_id`.
bool allows(db::Session& connection, const std::string& token, int64_t project_id, Scope scope);

}  // namespace perfwatch::store
