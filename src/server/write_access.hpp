// Which tokens the server knows and who may submit to which project, read once when the server
// starts and then answered from memory, so that a submission costs no database query before it is
// queued. The snapshot stays true while the server runs: tokens and projects change only through
// `perfwatch token`, which cannot open the database while the server holds it (and submissions
// write only to projects that have a token, which exist already).
#pragma once

#include <string>
#include <unordered_set>

#include "store/sql.hpp"

namespace perfwatch::server {

class WriteAccess {
 public:
  explicit WriteAccess(db::Session& connection);

  // Whether `token` (may be empty) is a token of any project and scope: a submission without
  // one is refused (401) before its body is read.
  bool knows(const std::string& token) const;
  // Whether `token` (may be empty) is a write token of project `slug`.
  bool allows(const std::string& token, const std::string& slug) const;
  bool has_project(const std::string& slug) const { return projects_.contains(slug); }

 private:
  std::unordered_set<std::string> projects_;
  std::unordered_set<std::string> tokens_;   // SHA-256 of every token
  std::unordered_set<std::string> writers_;  // token SHA-256 + '\x1f' + project slug
};

}  // namespace perfwatch::server
