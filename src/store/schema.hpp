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

// The stored schema version, refusing (InputError naming `name`, saying what to do instead in
// `elsewhere`) a database perfwatch must not touch: one holding other tables, or a newer schema.
int64_t checked_schema_version(db::Session& connection, const std::string& name,
                               std::string_view elsewhere);

// Applies the migrations after `from_version` up to `to_version`, in one transaction.
void migrate(db::Session& connection, int64_t from_version, int64_t to_version);

}  // namespace perfwatch
