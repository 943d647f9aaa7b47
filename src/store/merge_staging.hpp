// store: a DuckDB perfwatch database handed to PostgreSQL for `perfwatch merge --postgres`: the
// tables the merge reads (names, reports and their records, A/B sessions) copied with COPY into
// temporary tables of the PostgreSQL session, so that the merge runs there as one SQL text with
// the DuckDB-into-DuckDB merge (store/merge.cpp). The reverse of store/postgres_mirror.hpp.
#pragma once

#include <string>

#include "store/duckdb.hpp"
#include "store/postgres.hpp"

namespace perfwatch {

// Copies each table the merge reads of the DuckDB database attached to `reader` as `alias` into
// a temporary table of `target` named `prefix` followed by the table's name, with the columns and
// types of the target's table of that name, dropped when the transaction ends: call it inside
// one. Every value travels as DuckDB's text of it (lists as PostgreSQL's array literals).
void stage_in_postgres(db::Connection& reader, const std::string& alias, pg::Connection& target,
                       const std::string& prefix);

}  // namespace perfwatch
