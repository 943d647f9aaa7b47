#pragma once

#include <cstdint>

#include "store/duckdb.hpp"

namespace perfwatch {

// Schema version this build writes. Older files are migrated; newer ones are refused.
int64_t current_schema_version();

// Version of the perfwatch schema in the database, 0 for an empty database (no tables),
// or nothing when the database holds tables but is not a perfwatch database.
std::optional<int64_t> stored_schema_version(db::Connection& connection);

// Applies the migrations after `from_version` up to `to_version`, in one transaction.
void migrate(db::Connection& connection, int64_t from_version, int64_t to_version);

}  // namespace perfwatch
