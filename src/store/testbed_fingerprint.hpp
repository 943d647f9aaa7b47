// store: what a testbed's row says of its machine (the fingerprint of its newest report: CPU,
// memory, GPUs), for `perfwatch run`, which warns when a named testbed's GPUs changed since its
// previous report. One SQL text for the DuckDB file and PostgreSQL (db::Session).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/sql.hpp"

namespace perfwatch::store {

// The stored fingerprint of testbed `testbed` of project `project`: a JSON object; nullopt when
// the project has no such testbed, or its fingerprint is not a JSON object.
std::optional<nlohmann::json> testbed_fingerprint(db::Session& session, const std::string& project,
                                                  const std::string& testbed);

}  // namespace perfwatch::store
