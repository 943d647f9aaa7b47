// store: the metric rows of a DuckdbReportStore write, streamed into DuckDB while the records
// are still being read. The rows are kept as plain structs in a ring of slots of one DuckDB
// vector (2,048 rows) each; a thread of its own runs `INSERT INTO metric ... SELECT * FROM
// <function>`, where <function> is a table function of this connection that hands DuckDB the
// slots one by one as they are filled, so that DuckDB stores (and compresses, and writes its
// full row groups) while the caller's thread goes on reading the input. Without that, the
// reading (an adapter's parse) and the storing took turns (docs/performance.md, stream9).
//
// A slot holds rows of one report, whose id DuckDB gets as a constant vector. The id may be
// known late (the content hash of a large file is computed while it is parsed): a report's
// slots are handed to DuckDB only once its id is there, and the caller waits for the id only
// when the ring is full. While the INSERT runs, nothing else may use the connection: the
// caller calls pause() first.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/metric.hpp"
#include "store/duckdb.hpp"

namespace perfwatch {

// Where a report's id comes from: `ready` says, without waiting, whether `get` can answer now;
// `get` answers, waiting if it must, or throws (the report is stored already, say).
struct ReportIdSource {
  std::function<bool()> ready;
  std::function<duckdb_hugeint()> get;
};

class MetricStream {
 public:
  // Registers the table function on `connection`, outside any transaction: one catalog entry per
  // MetricStream, named with a number unique in the process.
  explicit MetricStream(db::Connection& connection);
  MetricStream(const MetricStream&) = delete;
  MetricStream& operator=(const MetricStream&) = delete;
  ~MetricStream();

  // The rows added from now on are one report's.
  void begin_report(ReportIdSource id);
  // The id of the report begun last, asked of its source the first time (may throw what the
  // source throws; nothing of the report has been inserted then).
  duckdb_hugeint report_id();
  // Keeps the row; hands full slots to the INSERT (starting it when none runs). Throws what the
  // id's source throws, or DatabaseError when the INSERT failed.
  void add(int32_t benchmark, int32_t measure, const MetricRecord& metric);
  // Drops the rows of the report begun last. Only after its id's source threw: none of its rows
  // was inserted then.
  void forget_report();
  // Waits until the INSERT running (if any) has inserted every slot handed to it, so that the
  // connection is free; rows whose report id is not known yet stay kept. Throws DatabaseError
  // when the INSERT failed.
  void pause();
  // Inserts every row kept into the connection's transaction (waiting for the ids); throws what
  // the ids' sources throw, or DatabaseError.
  void flush();
  // Stops the INSERT running, if any, and forgets every row kept (after a failure: the
  // transaction is rolled back).
  void discard();

  struct Ring;  // the slots, shared with the registered function and the INSERT's thread

 private:
  void end_slot();
  void release(bool wait);

  db::Connection& connection_;
  std::shared_ptr<Ring> ring_;
  std::string insert_sql_;
};

}  // namespace perfwatch
