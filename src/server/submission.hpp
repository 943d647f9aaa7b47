// A report submitted to the results server, parsed and checked in the request's own thread
// before anything is stored: storing it can then fail only for the database's reasons, never
// for its content, so that many submissions can share one transaction.
#pragma once

#include <nlohmann/json.hpp>

#include "core/report_record.hpp"

namespace perfwatch::server {

// Parses a request body {"context": {...}, "adapter": "auto"|name, "content": "..."} into the
// report it holds (context with adapter and tool version filled in, the SHA-256 of its content,
// which with the context makes its report id, and every record). Throws InputError naming the
// field for anything wrong, including content with neither metrics nor failed runs.
ReportRecord parse_submission(const nlohmann::json& body);

}  // namespace perfwatch::server
