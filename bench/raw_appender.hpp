// The baseline perfwatch's ingest is compared with: the same benchmark and metric rows (as
// bmf_generator makes them) stored with DuckDB's C API alone, already in memory, no parsing.
#pragma once

#include <cstdint>
#include <string>

namespace perfwatch::bench {

enum class RawAppendStyle {
  per_value,   // duckdb_append_int32/double/... one value at a time, duckdb_appender_end_row
  data_chunk,  // columns written into duckdb_data_chunk vectors, duckdb_append_data_chunk
};

// Opens the perfwatch database at `path` (already created by Database::open) with the C API and,
// in one transaction, appends `benchmarks` rows to benchmark and `measures` times as many to
// metric. Throws std::runtime_error when DuckDB fails or the stored row count is not
// what was appended.
struct RawAppendSeconds {
  double benchmarks = 0;  // BEGIN and the benchmark rows (two unique indexes to maintain)
  double metrics = 0;     // the metric rows (no index)
  double commit = 0;      // COMMIT (the write-ahead log, and a checkpoint when DuckDB decides one)
};
RawAppendSeconds raw_append(const std::string& path, uint64_t benchmarks, uint64_t measures,
                            RawAppendStyle style);

}  // namespace perfwatch::bench
