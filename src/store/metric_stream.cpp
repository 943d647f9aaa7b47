#include "store/metric_stream.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace perfwatch {
namespace {

// Slots in the ring: enough for the reading to go on while DuckDB compresses and writes a full
// row group (122,880 rows, 60 slots), and about as much memory as a row group of rows (7 MiB).
constexpr std::size_t kSlots = 64;

// One metric row, its samples kept in its slot's `samples`.
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

// Up to one DuckDB vector of rows, all of one report.
struct Slot {
  MetricRow* rows = nullptr;  // slot_rows of them, in Ring::row_memory
  std::size_t count = 0;
  std::vector<double> samples;
  std::size_t report = 0;  // index in Ring::reports
  duckdb_hugeint id{};     // the report's id, set when the slot is handed to the INSERT
};

struct Report {
  ReportIdSource source;
  std::optional<duckdb_hugeint> id;
  std::size_t first_slot;  // the count of slots filled when the report began
};

}  // namespace

// Slots are numbered by how many were filled before them; slot k lives in slots[k % kSlots].
// The caller fills slot `filled`; slots before `released` have their id and are the INSERT's to
// read; slots before `taken` it has read. released <= filled, and filled - taken < kSlots while
// the caller fills.
struct MetricStream::Ring {
  std::vector<Slot> slots = std::vector<Slot>(kSlots);
  std::size_t slot_rows = 0;  // DuckDB's vector size
  // Every slot's rows, one allocation: at this size operator new (core/huge_page_new.cpp) maps
  // it in huge pages, and the rows are first touched 2 MiB at a time, not 4 KiB.
  std::unique_ptr<MetricRow[]> row_memory;

  // The caller's alone.
  std::vector<Report> reports;
  std::size_t filled = 0;

  // Shared with the INSERT's thread, under `mutex`.
  std::mutex mutex;
  std::condition_variable released_more;  // to the thread: a slot released, an INSERT wanted...
  std::condition_variable taken_more;     // to the caller: a slot read, or the INSERT ended
  std::size_t released = 0;
  std::size_t taken = 0;
  bool insert_wanted = false;  // the thread is to start an INSERT
  bool running = false;        // an INSERT is wanted or runs
  bool closing = false;        // the INSERT ends once it has read every slot released
  bool cancelled = false;      // the INSERT fails at its next chunk
  bool quitting = false;       // the thread ends
  std::string error;           // why the INSERT failed
  // One thread for every INSERT of the stream: DuckDB's allocator keeps an arena per thread, and
  // a new thread would take fresh memory where this one reuses what the last INSERT freed.
  std::thread thread;

  Slot& slot(std::size_t number) { return slots[number % kSlots]; }
};

namespace {

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

MetricStream::Ring& ring_of(duckdb_function_info info) {
  return **static_cast<std::shared_ptr<MetricStream::Ring>*>(duckdb_function_get_extra_info(info));
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

void init_scan(duckdb_init_info) {}  // the ring itself says where the scan is

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

// Copies a slot into DuckDB's output chunk; false when its samples do not fit.
bool copy_slot(const Slot& slot, duckdb_data_chunk output) {
  const auto count = slot.count;
  set_report(output, slot.id);
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
  for (std::size_t row = 0; row < count; ++row) {
    const auto& metric = slot.rows[row];
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
    lists[row] = {metric.samples_offset, metric.samples_count};
    if (metric.samples_count == 0) {  // a metric without samples stores NULL, not []
      if (!list_validity) list_validity = writable_validity(output, kSamples);
      duckdb_validity_set_row_invalid(list_validity, row);
    }
  }
  if (!slot.samples.empty()) {
    auto vector = duckdb_data_chunk_get_vector(output, kSamples);
    if (duckdb_list_vector_reserve(vector, slot.samples.size()) == DuckDBError ||
        duckdb_list_vector_set_size(vector, slot.samples.size()) == DuckDBError) {
      return false;
    }
    std::memcpy(duckdb_vector_get_data(duckdb_list_vector_get_child(vector)), slot.samples.data(),
                slot.samples.size() * sizeof(double));
  }
  duckdb_data_chunk_set_size(output, count);
  return true;
}

// The table function: hands DuckDB the next slot released, waiting for one; an empty chunk ends
// the scan once the ring is closing and every slot released has been read.
void next_chunk(duckdb_function_info info, duckdb_data_chunk output) {
  auto& ring = ring_of(info);
  std::unique_lock lock(ring.mutex);
  ring.released_more.wait(
      lock, [&] { return ring.released > ring.taken || ring.closing || ring.cancelled; });
  if (ring.cancelled) {
    duckdb_function_set_error(info, "metric stream: stopped");
    return;
  }
  if (ring.released == ring.taken) {
    duckdb_data_chunk_set_size(output, 0);
    return;
  }
  const Slot& slot = ring.slot(ring.taken);
  lock.unlock();  // the caller does not touch a released slot until it is taken
  if (!copy_slot(slot, output)) {
    duckdb_function_set_error(info, "metric stream: cannot grow the samples list");
    return;
  }
  lock.lock();
  ++ring.taken;
  ring.taken_more.notify_all();
}

void destroy_extra_info(void* extra_info) {
  delete static_cast<std::shared_ptr<MetricStream::Ring>*>(extra_info);
}

std::string next_function_name() {
  static std::atomic<uint64_t> count{0};
  return "perfwatch_metric_stream_" + std::to_string(++count);
}

// The INSERTs' thread: runs one on `connection` each time one is wanted, until quitting.
void run_inserts(MetricStream::Ring& ring, db::Connection& connection, const std::string& sql) {
  std::unique_lock lock(ring.mutex);
  for (;;) {
    ring.released_more.wait(lock, [&] { return ring.insert_wanted || ring.quitting; });
    if (ring.quitting) return;
    ring.insert_wanted = false;
    lock.unlock();
    std::string error;
    try {
      connection.query(sql);
    } catch (const std::exception& failure) {
      error = failure.what();
    }
    lock.lock();
    ring.running = false;
    if (!error.empty() && ring.error.empty()) ring.error = error;
    ring.taken_more.notify_all();
  }
}

// Raises `how` (closing: the INSERT ends once it has read every slot released; cancelled: it
// fails at its next chunk) and waits, holding `lock` on the ring, until no INSERT runs.
void end_insert(MetricStream::Ring& ring, std::unique_lock<std::mutex>& lock, bool& how) {
  if (!ring.running) return;
  how = true;
  ring.released_more.notify_all();
  ring.taken_more.wait(lock, [&] { return !ring.running; });
}

// The ids of the slots from `released` on are asked of their reports' sources: every one when
// `wait`, else as long as a source can answer without waiting. Throws what a source throws.
std::size_t resolve_ids(MetricStream::Ring& ring, std::size_t released, bool wait) {
  for (; released < ring.filled; ++released) {
    Slot& slot = ring.slot(released);
    auto& report = ring.reports[slot.report];
    if (!report.id) {
      if (!wait && !report.source.ready()) break;
      report.id = report.source.get();
    }
    slot.id = *report.id;
  }
  return released;
}

}  // namespace

MetricStream::MetricStream(db::Connection& connection)
    : connection_(connection), ring_(std::make_shared<Ring>()) {
  const auto name = next_function_name();
  auto function = duckdb_create_table_function();
  duckdb_table_function_set_name(function, name.c_str());
  // The catalog's copy of the function holds the ring too: a scan can never see it freed.
  duckdb_table_function_set_extra_info(function, new std::shared_ptr<Ring>(ring_),
                                       destroy_extra_info);
  duckdb_table_function_set_bind(function, bind_columns);
  duckdb_table_function_set_init(function, init_scan);
  duckdb_table_function_set_function(function, next_chunk);
  const auto state = duckdb_register_table_function(connection.raw(), function);
  duckdb_destroy_table_function(&function);
  if (state == DuckDBError) {
    throw db::DatabaseError("cannot register the table function " + name);
  }
  std::string columns;
  for (const auto* column : kColumns) columns.append(columns.empty() ? "" : ", ").append(column);
  insert_sql_ = "INSERT INTO metric (" + columns + ") SELECT * FROM " + name + "()";
  ring_->slot_rows = duckdb_vector_size();
  ring_->row_memory.reset(new MetricRow[kSlots * ring_->slot_rows]);  // left uninitialised
  for (std::size_t number = 0; number < kSlots; ++number) {
    ring_->slots[number].rows = ring_->row_memory.get() + number * ring_->slot_rows;
  }
}

MetricStream::~MetricStream() {
  discard();
  {
    std::lock_guard lock(ring_->mutex);
    ring_->quitting = true;
    ring_->released_more.notify_all();
  }
  if (ring_->thread.joinable()) ring_->thread.join();
}

void MetricStream::begin_report(ReportIdSource id) {
  auto& ring = *ring_;
  if (ring.slot(ring.filled).count != 0) end_slot();  // a slot holds one report's rows
  ring.reports.push_back({std::move(id), std::nullopt, ring.filled});
}

duckdb_hugeint MetricStream::report_id() {
  auto& report = ring_->reports.back();
  if (!report.id) report.id = report.source.get();
  return *report.id;
}

void MetricStream::add(int32_t benchmark, int32_t measure, const MetricRecord& metric) {
  auto& ring = *ring_;
  Slot& slot = ring.slot(ring.filled);
  if (slot.count == 0) slot.report = ring.reports.size() - 1;
  slot.rows[slot.count++] = MetricRow{benchmark,
                                      measure,
                                      metric.value,
                                      metric.lower.value_or(0),
                                      metric.upper.value_or(0),
                                      metric.n,
                                      slot.samples.size(),
                                      static_cast<uint32_t>(metric.samples.size()),
                                      metric.lower.has_value(),
                                      metric.upper.has_value()};
  slot.samples.insert(slot.samples.end(), metric.samples.begin(), metric.samples.end());
  if (slot.count == ring.slot_rows) end_slot();
}

// The slot being filled is complete: the slots whose ids are known are handed to the INSERT, and
// the caller waits until the next slot is free.
void MetricStream::end_slot() {
  auto& ring = *ring_;
  ++ring.filled;
  release(false);
  for (;;) {
    std::unique_lock lock(ring.mutex);
    if (ring.filled - ring.taken < kSlots) break;
    if (ring.released < ring.filled) {  // the ring is full of rows waiting for their id
      lock.unlock();
      release(true);
      continue;
    }
    ring.taken_more.wait(lock, [&] { return ring.filled - ring.taken < kSlots || !ring.running; });
    if (ring.filled - ring.taken == kSlots) {  // the INSERT failed before reading them
      lock.unlock();
      pause();
      throw db::DatabaseError("metric stream: the INSERT ended before its rows were read");
    }
  }
  Slot& next = ring.slot(ring.filled);
  next.count = 0;
  next.samples.clear();
}

// Hands the INSERT the filled slots whose ids are known (all of them, waiting for the ids, when
// `wait`), starting it on a thread of its own when none runs.
void MetricStream::release(bool wait) {
  auto& ring = *ring_;
  const auto released = resolve_ids(ring, ring.released, wait);
  std::lock_guard lock(ring.mutex);
  if (released == ring.released) return;
  ring.released = released;
  ring.released_more.notify_all();
  // A failed INSERT is not restarted: pause() says why it failed.
  if (ring.running || !ring.error.empty()) return;
  ring.running = true;
  ring.insert_wanted = true;
  if (!ring.thread.joinable()) {
    ring.thread = std::thread(run_inserts, std::ref(ring), std::ref(connection_), insert_sql_);
  }
}

void MetricStream::forget_report() {
  auto& ring = *ring_;
  if (ring.reports.empty()) return;
  ring.filled = ring.reports.back().first_slot;
  ring.slot(ring.filled).count = 0;
  ring.slot(ring.filled).samples.clear();
  ring.reports.pop_back();
}

void MetricStream::pause() {
  auto& ring = *ring_;
  std::unique_lock lock(ring.mutex);
  end_insert(ring, lock, ring.closing);
  ring.closing = false;
  if (!ring.error.empty()) throw db::DatabaseError(ring.error);
}

void MetricStream::flush() {
  auto& ring = *ring_;
  if (ring.slot(ring.filled).count != 0) ++ring.filled;  // the last slot, not full
  release(true);
  pause();
  discard();  // every slot is inserted: the ring starts afresh
}

void MetricStream::discard() {
  auto& ring = *ring_;
  std::unique_lock lock(ring.mutex);
  end_insert(ring, lock, ring.cancelled);
  ring.insert_wanted = false;
  ring.cancelled = false;
  ring.closing = false;
  ring.error.clear();
  ring.reports.clear();
  ring.filled = ring.released = ring.taken = 0;
  for (auto& slot : ring.slots) {
    slot.count = 0;
    slot.samples.clear();
  }
}

}  // namespace perfwatch
