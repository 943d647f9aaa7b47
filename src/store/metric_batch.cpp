#include "store/metric_batch.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <vector>

namespace perfwatch {

// One metric row, its samples kept in Rows::samples; its report is its ReportRun's.
struct MetricRow {
  int32_t benchmark;
  int32_t measure;
  double value;
  double lower;
  double upper;
  int64_t n;
  uint64_t samples_offset;
  uint32_t samples_count;
  bool has_lower;
  bool has_upper;
};

// The rows of one report: from `start` to the next run's start (or the batch's end).
struct ReportRun {
  std::size_t start;
  std::size_t samples_start;
  std::function<duckdb_hugeint()> id_source;
  std::optional<duckdb_hugeint> id;  // asked of id_source before the run's rows are inserted
};

struct MetricBatch::Rows {
  std::vector<MetricRow> rows;
  std::vector<double> samples;
  std::vector<ReportRun> runs;
  std::size_t next = 0;  // the first row the function has not handed to DuckDB yet
  std::size_t run = 0;   // the run of that row
};

namespace {

// DuckDB's row group: a full batch fills one, which DuckDB then compresses and writes while the
// transaction is still open.
constexpr std::size_t kBatchRows = 122'880;

// The metric table's columns (store/schema.cpp, migration 1), in the order the function gives.
constexpr const char* kColumns[] = {"report", "benchmark", "measure", "value",
                                    "lower",  "upper",     "n",       "samples"};
enum Column : uint64_t { kReport, kBenchmark, kMeasure, kValue, kLower, kUpper, kN, kSamples };

template <typename T>
T* column_data(duckdb_data_chunk chunk, uint64_t column) {
  return static_cast<T*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk, column)));
}

uint64_t* writable_validity(duckdb_data_chunk chunk, uint64_t column) {
  auto vector = duckdb_data_chunk_get_vector(chunk, column);
  duckdb_vector_ensure_validity_writable(vector);
  return duckdb_vector_get_validity(vector);
}

MetricBatch::Rows& batch_of(duckdb_function_info info) {
  return **static_cast<std::shared_ptr<MetricBatch::Rows>*>(duckdb_function_get_extra_info(info));
}

void bind_columns(duckdb_bind_info info) {
  const duckdb_type types[] = {DUCKDB_TYPE_UUID,   DUCKDB_TYPE_INTEGER, DUCKDB_TYPE_INTEGER,
                               DUCKDB_TYPE_DOUBLE, DUCKDB_TYPE_DOUBLE,  DUCKDB_TYPE_DOUBLE,
                               DUCKDB_TYPE_BIGINT};
  for (uint64_t column = 0; column < kSamples; ++column) {
    auto type = duckdb_create_logical_type(types[column]);
    duckdb_bind_add_result_column(info, kColumns[column], type);
    duckdb_destroy_logical_type(&type);
  }
  auto element = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
  auto list = duckdb_create_list_type(element);
  duckdb_bind_add_result_column(info, kColumns[kSamples], list);
  duckdb_destroy_logical_type(&list);
  duckdb_destroy_logical_type(&element);
}

void init_scan(duckdb_init_info) {}  // the batch itself says where the scan is

// Sets every row of the chunk's report column to `report` at once (a constant vector): DuckDB
// then neither copies nor compresses 16 bytes per row of it.
void set_report(duckdb_data_chunk output, duckdb_hugeint report) {
  // DuckDB keeps a UUID with its top bit flipped (db::uuid_from_text); duckdb_create_uuid flips
  // it itself.
  const duckdb_uhugeint uuid{report.lower,
                             static_cast<uint64_t>(report.upper) ^ (uint64_t{1} << 63)};
  auto value = duckdb_create_uuid(uuid);
  duckdb_vector_reference_value(duckdb_data_chunk_get_vector(output, kReport), value);
  duckdb_destroy_value(&value);
}

// Fills one output chunk of DuckDB's with the next rows of the batch, all of one report; an
// empty chunk ends the scan.
void fill_chunk(duckdb_function_info info, duckdb_data_chunk output) {
  auto& batch = batch_of(info);
  if (batch.next == batch.rows.size()) {
    duckdb_data_chunk_set_size(output, 0);
    return;
  }
  while (batch.run + 1 < batch.runs.size() && batch.runs[batch.run + 1].start <= batch.next) {
    ++batch.run;
  }
  const auto run_end =
      batch.run + 1 < batch.runs.size() ? batch.runs[batch.run + 1].start : batch.rows.size();
  const auto count = std::min<std::size_t>(duckdb_vector_size(), run_end - batch.next);
  const MetricRow* rows = batch.rows.data() + batch.next;
  set_report(output, *batch.runs[batch.run].id);
  auto* benchmarks = column_data<int32_t>(output, kBenchmark);
  auto* measures = column_data<int32_t>(output, kMeasure);
  auto* values = column_data<double>(output, kValue);
  auto* lowers = column_data<double>(output, kLower);
  auto* uppers = column_data<double>(output, kUpper);
  auto* ns = column_data<int64_t>(output, kN);
  auto* lists = column_data<duckdb_list_entry>(output, kSamples);
  uint64_t* lower_validity = nullptr;
  uint64_t* upper_validity = nullptr;
  uint64_t* list_validity = nullptr;
  uint64_t list_length = 0;
  for (std::size_t row = 0; row < count; ++row) {
    const auto& metric = rows[row];
    benchmarks[row] = metric.benchmark;
    measures[row] = metric.measure;
    values[row] = metric.value;
    lowers[row] = metric.lower;
    uppers[row] = metric.upper;
    ns[row] = metric.n;
    if (!metric.has_lower) {
      if (!lower_validity) lower_validity = writable_validity(output, kLower);
      duckdb_validity_set_row_invalid(lower_validity, row);
    }
    if (!metric.has_upper) {
      if (!upper_validity) upper_validity = writable_validity(output, kUpper);
      duckdb_validity_set_row_invalid(upper_validity, row);
    }
    lists[row] = {list_length, metric.samples_count};
    list_length += metric.samples_count;
    if (metric.samples_count == 0) {  // a metric without samples stores NULL, not []
      if (!list_validity) list_validity = writable_validity(output, kSamples);
      duckdb_validity_set_row_invalid(list_validity, row);
    }
  }
  if (list_length > 0) {
    auto vector = duckdb_data_chunk_get_vector(output, kSamples);
    if (duckdb_list_vector_reserve(vector, list_length) == DuckDBError ||
        duckdb_list_vector_set_size(vector, list_length) == DuckDBError) {
      duckdb_function_set_error(info, "metric batch: cannot grow the samples list");
      return;
    }
    auto* elements =
        static_cast<double*>(duckdb_vector_get_data(duckdb_list_vector_get_child(vector)));
    for (std::size_t row = 0; row < count; ++row) {
      const auto& metric = rows[row];
      std::memcpy(elements + lists[row].offset, batch.samples.data() + metric.samples_offset,
                  metric.samples_count * sizeof(double));
    }
  }
  duckdb_data_chunk_set_size(output, count);
  batch.next += count;
}

void destroy_extra_info(void* extra_info) {
  delete static_cast<std::shared_ptr<MetricBatch::Rows>*>(extra_info);
}

std::string next_function_name() {
  static std::atomic<uint64_t> count{0};
  return "perfwatch_metric_batch_" + std::to_string(++count);
}

}  // namespace

MetricBatch::MetricBatch(db::Connection& connection)
    : connection_(connection), rows_(std::make_shared<Rows>()) {
  const auto name = next_function_name();
  auto function = duckdb_create_table_function();
  duckdb_table_function_set_name(function, name.c_str());
  // The catalog's copy of the function holds the batch too: a scan can never see it freed.
  duckdb_table_function_set_extra_info(function, new std::shared_ptr<Rows>(rows_),
                                       destroy_extra_info);
  duckdb_table_function_set_bind(function, bind_columns);
  duckdb_table_function_set_init(function, init_scan);
  duckdb_table_function_set_function(function, fill_chunk);
  const auto state = duckdb_register_table_function(connection.raw(), function);
  duckdb_destroy_table_function(&function);
  if (state == DuckDBError) {
    throw db::DatabaseError("cannot register the table function " + name);
  }
  std::string columns;
  for (const auto* column : kColumns) columns.append(columns.empty() ? "" : ", ").append(column);
  insert_sql_ = "INSERT INTO metric (" + columns + ") SELECT * FROM " + name + "()";
  rows_->rows.reserve(kBatchRows);
}

MetricBatch::~MetricBatch() { discard(); }

void MetricBatch::begin_report(std::function<duckdb_hugeint()> report_id) {
  auto& batch = *rows_;
  // A run with no rows yet is replaced; the first run always starts at row 0.
  if (!batch.runs.empty() && batch.runs.back().start == batch.rows.size()) batch.runs.pop_back();
  batch.runs.push_back({batch.rows.size(), batch.samples.size(), std::move(report_id), {}});
}

duckdb_hugeint MetricBatch::report_id() {
  auto& run = rows_->runs.back();
  if (!run.id) run.id = run.id_source();
  return *run.id;
}

void MetricBatch::add(int32_t benchmark, int32_t measure, const MetricRecord& metric) {
  auto& batch = *rows_;
  batch.rows.push_back({benchmark, measure, metric.value, metric.lower.value_or(0),
                        metric.upper.value_or(0), metric.n, batch.samples.size(),
                        static_cast<uint32_t>(metric.samples.size()), metric.lower.has_value(),
                        metric.upper.has_value()});
  batch.samples.insert(batch.samples.end(), metric.samples.begin(), metric.samples.end());
  if (batch.rows.size() == kBatchRows) flush();
}

void MetricBatch::flush() {
  auto& batch = *rows_;
  if (batch.rows.empty()) return;
  for (std::size_t run = 0; run < batch.runs.size(); ++run) {
    const auto end = run + 1 < batch.runs.size() ? batch.runs[run + 1].start : batch.rows.size();
    // May throw: nothing is inserted then.
    if (!batch.runs[run].id && end > batch.runs[run].start) {
      batch.runs[run].id = batch.runs[run].id_source();
    }
  }
  batch.next = 0;
  batch.run = 0;
  try {
    connection_.query(insert_sql_);
  } catch (...) {
    discard();
    throw;
  }
  // The report begun last goes on in the next batch, with its id known.
  auto last = std::move(batch.runs.back());
  discard();
  last.start = 0;
  last.samples_start = 0;
  batch.runs.push_back(std::move(last));
}

void MetricBatch::forget_report() {
  auto& batch = *rows_;
  if (batch.runs.empty()) return;
  batch.rows.resize(batch.runs.back().start);
  batch.samples.resize(batch.runs.back().samples_start);
  batch.runs.pop_back();
}

void MetricBatch::discard() {
  rows_->rows.clear();
  rows_->samples.clear();
  rows_->runs.clear();
  rows_->next = 0;
  rows_->run = 0;
}

}  // namespace perfwatch
