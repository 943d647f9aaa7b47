// The perfwatch schema (shared by DuckDB files and PostgreSQL): its migrations, and the checks
// of the version a database holds before perfwatch writes to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql.hpp"

namespace perfwatch {

// Schema version this build writes. Older files are migrated; newer ones are refused.
int64_t current_schema_version();

// Version of the perfwatch schema in the database, 0 for an empty database (no tables),
// or nothing when the database holds tables but is not a perfwatch database.
std::optional<int64_t> stored_schema_version(db::Session& connection);

// The version that perfwatch_meta records, for a database known to hold that table; nothing
// when the table does not say format = perfwatch.
std::optional<int64_t> recorded_schema_version(db::Session& connection);

// `version` as stored_schema_version gives it, refusing (InputError naming `name`, saying what
// to do instead in `elsewhere`) a database perfwatch must not touch: one holding other tables
// (no version), or a newer schema.
int64_t checked_schema_version(std::optional<int64_t> version, const std::string& name,
                               std::string_view elsewhere);

// The stored schema version, refusing (InputError naming `name`, saying what to do instead in
// `elsewhere`) a database perfwatch must not touch: one holding other tables, or a newer schema.
int64_t checked_schema_version(db::Session& connection, const std::string& name,
                               std::string_view elsewhere);

// Applies the migrations after `from_version` up to `to_version`, in one transaction.
void migrate(db::Session& connection, int64_t from_version, int64_t to_version);

}  // namespace perfwatch
