// How `ab` and `compare --ab` show an A/B session (store/ab_sessions.hpp): an aligned table, a
// Markdown section for a pull request's comment, or JSON; and the listing of stored sessions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/ab_sessions.hpp"

namespace perfwatch::cli {

// Prints `session` in `format` (table, markdown or json) on standard output.
void print_ab_session(const store::AbSession& session, const std::string& format);

nlohmann::json ab_session_json(const store::AbSession& session);

// Prints the stored sessions (newest first) in `format` (table, markdown or json).
void print_ab_sessions(const std::vector<store::AbSession>& sessions, const std::string& format);

}  // namespace perfwatch::cli
