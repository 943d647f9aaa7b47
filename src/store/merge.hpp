#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace perfwatch {

struct MergeResult {
  int64_t reports_added = 0;
  int64_t reports_present = 0;  // already in the target (or in an earlier source)
  int64_t metrics_added = 0;
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

}  // namespace perfwatch
