// One project of a PostgreSQL perfwatch database copied into a new in-memory DuckDB database of
// the same schema, for the code that speaks DuckDB's SQL only: the report site the results
// server's dashboard writes when it stores into PostgreSQL, and `report`, `export` and `changes`
// with --postgres. Read through a cursor in batches and held in a database that spills to a
// temporary folder past a fixed memory limit, so a project of any size is copied in bounded
// memory.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/postgres.hpp"

namespace perfwatch::pg {

// Copies project `slug` (its names, reports, metrics, failed runs, resource samples,
// thresholds, alerts and change points; no API tokens) from `source`. Throws InputError for an
// unknown project.
std::unique_ptr<Database> mirror_project(Connection& source, const std::string& slug);

}  // namespace perfwatch::pg
