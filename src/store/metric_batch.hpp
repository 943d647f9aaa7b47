// store: the metric rows of a DuckdbReportStore write. They are kept as plain structs in a batch
// of one DuckDB row group and inserted with `INSERT INTO metric ... SELECT * FROM <function>`,
// where <function> is a table function of this connection that fills DuckDB's own output chunks
// from the batch. DuckDB's appender would first copy every chunk into a buffer of its own (a
// ColumnDataCollection) and then insert from there; the insert from a table function skips that
// copy and its fresh memory (docs/performance.md, ingest7). The rows of one report share its id,
// which the function hands DuckDB as a constant vector per chunk, and which may be given late:
// it is asked for only before the report's first rows are inserted (ingest8).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/metric.hpp"
#include "store/duckdb.hpp"

namespace perfwatch {

class MetricBatch {
 public:
  // Registers the table function on `connection`, outside any transaction: one catalog entry per
  // MetricBatch, named with a number unique in the process.
  explicit MetricBatch(db::Connection& connection);
  MetricBatch(const MetricBatch&) = delete;
  MetricBatch& operator=(const MetricBatch&) = delete;
  ~MetricBatch();

  // The rows added from now on are one report's. `report_id` is called once, just before the
  // first of them is inserted; what it throws, add() or flush() throws with nothing of the
  // report inserted (then forget_report() drops its rows).
  void begin_report(std::function<duckdb_hugeint()> report_id);
  // The id of the report begun last, asked of its `report_id` the first time.
  duckdb_hugeint report_id();
  // Keeps the row; inserts the batch when it is full (throws DatabaseError if that fails).
  void add(int32_t benchmark, int32_t measure, const MetricRecord& metric);
  // Drops the rows of the report begun last, none of which was inserted (its id was never
  // given).
  void forget_report();
  // Inserts the rows kept into the connection's transaction; throws DatabaseError on failure.
  void flush();
  // Forgets the rows kept (after a failure: the transaction is rolled back).
  void discard();

  struct Rows;  // the batch, shared with the registered function

 private:
  db::Connection& connection_;
  std::shared_ptr<Rows> rows_;
  std::string insert_sql_;
};

}  // namespace perfwatch
