#include "raw_appender.hpp"

#include <duckdb.h>

#include <stdexcept>
#include <vector>

#include "bench_support.hpp"
#include "bmf_generator.hpp"

namespace perfwatch::bench {
namespace {

void check(duckdb_state state, const char* what) {
  if (state == DuckDBError) throw std::runtime_error(std::string("DuckDB: ") + what + " failed");
}

// Owns the C API handles of one open database; destroying it closes the file.
struct RawDatabase {
  duckdb_database database = nullptr;
  duckdb_connection connection = nullptr;

  explicit RawDatabase(const std::string& path) {
    check(duckdb_open(path.c_str(), &database), "open");
    check(duckdb_connect(database, &connection), "connect");
  }
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;
  ~RawDatabase() {
    duckdb_disconnect(&connection);
    duckdb_close(&database);
  }

  void execute(const char* sql) {
    duckdb_result result;
    const auto state = duckdb_query(connection, sql, &result);
    duckdb_destroy_result(&result);
    check(state, sql);
  }
  int64_t count(const char* sql) {
    duckdb_result result;
    const auto state = duckdb_query(connection, sql, &result);
    const int64_t value = state == DuckDBError ? -1 : duckdb_value_int64(&result, 0, 0);
    duckdb_destroy_result(&result);
    check(state, sql);
    return value;
  }
};

struct Appender {
  duckdb_appender appender = nullptr;
  Appender(duckdb_connection connection, const char* table) {
    check(duckdb_appender_create(connection, nullptr, table, &appender), "appender_create");
  }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  ~Appender() { duckdb_appender_destroy(&appender); }
};

// The rows, generated before the clock starts.
struct Rows {
  std::vector<std::string> names;
  std::vector<BmfValue> values;  // benchmark-major, `measures` per benchmark
  uint64_t measures = kBmfMeasuresPerBenchmark;
};

// DuckDB keeps a UUID as a hugeint whose top bit is flipped (so that it sorts as unsigned).
constexpr duckdb_hugeint kReportId{0x0123456789abcdefULL,
                                   static_cast<int64_t>(0x8123456789ab8defULL ^ (1ULL << 63))};

void append_benchmarks_per_value(duckdb_connection connection, const Rows& rows) {
  Appender benchmarks(connection, "benchmark");
  for (std::size_t index = 0; index < rows.names.size(); ++index) {
    auto* appender = benchmarks.appender;
    check(duckdb_append_int32(appender, static_cast<int32_t>(index + 1)), "append");
    check(duckdb_append_int32(appender, 1), "append");
    check(
        duckdb_append_varchar_length(appender, rows.names[index].data(), rows.names[index].size()),
        "append");
    check(duckdb_append_varchar_length(appender, "{}", 2), "append");
    check(duckdb_appender_end_row(appender), "end_row");
  }
  check(duckdb_appender_flush(benchmarks.appender), "flush");
}

void append_metrics_per_value(duckdb_connection connection, const Rows& rows) {
  Appender metrics(connection, "metric");
  duckdb_uhugeint id{kReportId.lower, static_cast<uint64_t>(kReportId.upper) ^ (1ULL << 63)};
  duckdb_value report = duckdb_create_uuid(id);
  for (std::size_t index = 0; index < rows.values.size(); ++index) {
    auto* appender = metrics.appender;
    const auto& value = rows.values[index];
    check(duckdb_append_value(appender, report), "append");
    check(duckdb_append_int32(appender, static_cast<int32_t>(index / rows.measures + 1)), "append");
    check(duckdb_append_int32(appender, static_cast<int32_t>(index % rows.measures + 1)), "append");
    check(duckdb_append_double(appender, value.value), "append");
    check(duckdb_append_double(appender, value.lower), "append");
    check(duckdb_append_double(appender, value.upper), "append");
    check(duckdb_append_int64(appender, 0), "append");
    check(duckdb_append_null(appender), "append");
    check(duckdb_appender_end_row(appender), "end_row");
  }
  duckdb_destroy_value(&report);
  check(duckdb_appender_flush(metrics.appender), "flush");
}

// A data chunk with the appender's column types.
struct Chunk {
  duckdb_data_chunk chunk = nullptr;
  explicit Chunk(duckdb_appender appender) {
    const auto columns = duckdb_appender_column_count(appender);
    std::vector<duckdb_logical_type> types(columns);
    for (idx_t column = 0; column < columns; ++column) {
      types[column] = duckdb_appender_column_type(appender, column);
    }
    chunk = duckdb_create_data_chunk(types.data(), columns);
    for (auto& type : types) duckdb_destroy_logical_type(&type);
  }
  Chunk(const Chunk&) = delete;
  Chunk& operator=(const Chunk&) = delete;
  ~Chunk() { duckdb_destroy_data_chunk(&chunk); }
  template <typename T>
  T* data(idx_t column) {
    return static_cast<T*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk, column)));
  }
};

void append_benchmark_chunks(duckdb_connection connection, const Rows& rows) {
  const auto capacity = duckdb_vector_size();
  Appender benchmarks(connection, "benchmark");
  Chunk chunk(benchmarks.appender);
  for (std::size_t first = 0; first < rows.names.size(); first += capacity) {
    duckdb_data_chunk_reset(chunk.chunk);
    const auto count = std::min<std::size_t>(capacity, rows.names.size() - first);
    auto* ids = chunk.data<int32_t>(0);
    auto* projects = chunk.data<int32_t>(1);
    auto names = duckdb_data_chunk_get_vector(chunk.chunk, 2);
    auto params = duckdb_data_chunk_get_vector(chunk.chunk, 3);
    for (std::size_t row = 0; row < count; ++row) {
      ids[row] = static_cast<int32_t>(first + row + 1);
      projects[row] = 1;
      const auto& name = rows.names[first + row];
      duckdb_vector_assign_string_element_len(names, row, name.data(), name.size());
      duckdb_vector_assign_string_element_len(params, row, "{}", 2);
    }
    duckdb_data_chunk_set_size(chunk.chunk, count);
    check(duckdb_append_data_chunk(benchmarks.appender, chunk.chunk), "append_data_chunk");
  }
  check(duckdb_appender_flush(benchmarks.appender), "flush");
}

void append_metric_chunks(duckdb_connection connection, const Rows& rows) {
  const auto capacity = duckdb_vector_size();
  Appender metrics(connection, "metric");
  Chunk chunk(metrics.appender);
  for (std::size_t first = 0; first < rows.values.size(); first += capacity) {
    duckdb_data_chunk_reset(chunk.chunk);
    const auto count = std::min<std::size_t>(capacity, rows.values.size() - first);
    auto* reports = chunk.data<duckdb_hugeint>(0);
    auto* benchmarks = chunk.data<int32_t>(1);
    auto* measures = chunk.data<int32_t>(2);
    auto* values = chunk.data<double>(3);
    auto* lowers = chunk.data<double>(4);
    auto* uppers = chunk.data<double>(5);
    auto* ns = chunk.data<int64_t>(6);
    auto samples = duckdb_data_chunk_get_vector(chunk.chunk, 7);
    duckdb_vector_ensure_validity_writable(samples);
    auto* samples_validity = duckdb_vector_get_validity(samples);
    for (std::size_t row = 0; row < count; ++row) {
      const auto index = first + row;
      const auto& value = rows.values[index];
      reports[row] = kReportId;
      benchmarks[row] = static_cast<int32_t>(index / rows.measures + 1);
      measures[row] = static_cast<int32_t>(index % rows.measures + 1);
      values[row] = value.value;
      lowers[row] = value.lower;
      uppers[row] = value.upper;
      ns[row] = 0;
      duckdb_validity_set_row_invalid(samples_validity, row);
    }
    duckdb_data_chunk_set_size(chunk.chunk, count);
    check(duckdb_append_data_chunk(metrics.appender, chunk.chunk), "append_data_chunk");
  }
  check(duckdb_appender_flush(metrics.appender), "flush");
}

}  // namespace

RawAppendSeconds raw_append(const std::string& path, uint64_t benchmarks, uint64_t measures,
                            RawAppendStyle style) {
  Rows rows;
  rows.measures = measures;
  rows.names.reserve(benchmarks);
  rows.values.reserve(benchmarks * measures);
  for (uint64_t index = 0; index < benchmarks; ++index) {
    rows.names.push_back(bmf_benchmark_name(index));
    for (uint64_t measure = 0; measure < measures; ++measure) {
      rows.values.push_back(bmf_value(index, measure));
    }
  }
  RawDatabase database(path);
  Stopwatch clock;
  RawAppendSeconds seconds;
  database.execute("BEGIN TRANSACTION");
  if (style == RawAppendStyle::per_value) {
    append_benchmarks_per_value(database.connection, rows);
  } else {
    append_benchmark_chunks(database.connection, rows);
  }
  seconds.benchmarks = clock.seconds();
  clock.restart();
  if (style == RawAppendStyle::per_value) {
    append_metrics_per_value(database.connection, rows);
  } else {
    append_metric_chunks(database.connection, rows);
  }
  seconds.metrics = clock.seconds();
  clock.restart();
  database.execute("COMMIT");
  seconds.commit = clock.seconds();
  const auto stored = database.count("SELECT count(*) FROM metric");
  if (stored != static_cast<int64_t>(rows.values.size())) {
    throw std::runtime_error("raw appender stored " + std::to_string(stored) + " metric rows");
  }
  return seconds;
}

}  // namespace perfwatch::bench
