// store: `perfwatch merge`: the reports of DuckDB perfwatch databases (one per CI job, say)
// copied into another DuckDB file or into the team's PostgreSQL database, none stored twice.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/postgres.hpp"

namespace perfwatch {

struct MergeResult {
  int64_t reports_added = 0;
  int64_t reports_present = 0;  // already in the target (or in an earlier source)
  int64_t metrics_added = 0;

  MergeResult& operator+=(const MergeResult& other) {
    reports_added += other.reports_added;
    reports_present += other.reports_present;
    metrics_added += other.metrics_added;
    return *this;
  }
};

// Throws InputError naming the file unless every source is a perfwatch database at this
// perfwatch's schema version. Opens them read-only in a scratch in-memory database: the sources
// are never modified, and nothing is written anywhere.
void check_merge_sources(const std::vector<std::string>& sources);

// Copies into `target` the reports of every source that it does not hold yet (report ids are
// content-derived, so merging the same report twice stores it once), with their metrics and
// resource samples. Projects, branches, testbeds, benchmarks and measures are matched by their
// natural keys (slug; project + name; project + name + params; project + slug) and get the
// target's ids. A testbed's fingerprint becomes that of its newest report. One transaction: all
// sources are merged, or none. Sources are attached read-only. Throws InputError naming the
// source when one of its measures has other units or direction than the target's (an unknown
// direction on either side is no conflict: the target's stays).
MergeResult merge_databases(Database& target, const std::vector<std::string>& sources);

// The same into the PostgreSQL database of `target`, each source read through a scratch
// in-memory DuckDB database and handed over with COPY (store/merge_staging.hpp). One transaction,
// under the lock under which the results server's writers make new names, so that a server may
// store reports meanwhile.
MergeResult merge_into_postgres(pg::Connection& target, const std::vector<std::string>& sources);

}  // namespace perfwatch
