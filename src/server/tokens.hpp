// API tokens of the results server: random, shown once when made, stored as their SHA-256, each
// for one project with a read or a write scope (write includes read). A project may also be
// readable by anyone (public read).
#pragma once

#include <cstdint>
#include <string>

#include "store/listing.hpp"
#include "store/sql.hpp"

namespace perfwatch::server {

enum class Scope { read, write };

// Makes a token for `project` (made when it has no report yet) and returns it: "pw_" and 40 hex
// digits from the kernel's random source. Throws InputError for an unknown project or scope.
std::string create_token(db::Session& connection, const std::string& project,
                         const std::string& name, const std::string& scope);
// Tokens of `project` (every project when empty), without their secret.
Listing list_tokens(db::Session& connection, const std::string& project);
void revoke_token(db::Session& connection, int64_t id);
void set_public_read(db::Session& connection, const std::string& project, bool public_read);

// Whether `token` (may be empty) allows `scope` on `project_id`.
bool allows(db::Session& connection, const std::string& token, int64_t project_id, Scope scope);

}  // namespace perfwatch::server
