#include "store/duckdb_report_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "core/error.hpp"
#include "store/database.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

// A report as an adapter would hand it over: a latency metric per benchmark (the first with
// samples), and with `with_runner_rows` a failed run, a resource sample and a GPU sample too.
ReportRecord report(const std::string& commit, const std::vector<std::string>& benchmarks,
                    const std::string& testbed = "ci", bool with_runner_rows = false) {
  ReportRecord made;
  made.context.project = "demo";
  made.context.branch = "main";
  made.context.testbed = testbed;
  made.context.git.commit = commit;
  made.context.git.commit_time_unix_s = 1'700'000'000;
  made.context.ci.provider = "github";
  made.context.adapter = "bmf";
  made.context.source = commit + ".json";
  made.context.tool_version = "bench 1.0";
  made.context.testbed_fingerprint = {{"cpu", testbed + "-cpu"}};
  made.context.settings = {{"runs", 3}};
  made.content_hash = "hash-" + commit;
  for (std::size_t index = 0; index < benchmarks.size(); ++index) {
    OwnedMetric metric;
    metric.benchmark = benchmarks[index];
    metric.measure = measures::latency;
    metric.value = 10.0 + static_cast<double>(index);
    if (index == 0) {
      metric.samples = {9.0, 11.0};
      metric.n = 2;
      metric.lower = 9.0;
    }
    made.metrics.push_back(std::move(metric));
  }
  if (with_runner_rows) {
    made.failures.push_back({"crash", "{}", 1, 139, 11, false, "segfault"});
    made.resource_samples.push_back({benchmarks.front(), "{}", 5.0, 50.0, 1 << 20, 97.0, 1 << 30});
    made.gpu_samples.push_back(
        {benchmarks.front(), "{}", 5.0, 0, 1410, 1215, 97.0, 1 << 30, 250.5, 71.0, 4, true});
  }
  return made;
}

std::vector<StoredReport> write(ReportStore& store, const std::vector<ReportRecord>& reports) {
  std::vector<PendingReport> pending;
  for (const auto& one : reports) pending.push_back(PendingReport::of(one));
  return store.store(pending);
}

int64_t count(db::Connection& connection, const std::string& table) {
  return connection.query("SELECT count(*) FROM " + table).int64(0, 0);
}

// Every stored row of the database as text, ids replaced by the names they stand for.
std::string contents(db::Connection& connection) {
  std::string text;
  for (const auto* sql :
       {"SELECT r.id, p.slug, b.name, t.name, t.fingerprint, r.commit_hash, r.commit_time, "
        "r.author_time, r.dirty, r.ci_provider, r.source, r.adapter, r.tool_version, "
        "r.settings, r.testbed_fingerprint, r.content_hash FROM report r JOIN project p ON "
        "p.id = r.project JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed",
        "SELECT x.report, b.name, b.params, m.slug, m.units, x.value, x.lower, x.upper, x.n, "
        "x.samples FROM metric x JOIN benchmark b ON b.id = x.benchmark JOIN measure m ON "
        "m.id = x.measure",
        "SELECT f.report, b.name, f.run_index, f.exit_code, f.term_signal, f.timed_out, "
        "f.stderr_tail FROM run_failure f JOIN benchmark b ON b.id = f.benchmark",
        "SELECT s.report, b.name, s.t_ms, s.cpu_percent, s.rss_bytes, s.gpu_util_percent FROM "
        "resource_sample s JOIN benchmark b ON b.id = s.benchmark",
        "SELECT g.report, b.name, g.t_ms, g.gpu_index, g.sm_clock_mhz, g.mem_clock_mhz, "
        "g.util_percent, g.mem_used_bytes, g.power_w, g.temperature_c, g.throttle_reasons, "
        "g.throttled FROM gpu_sample g JOIN benchmark b ON b.id = g.benchmark"}) {
    auto rows = connection.query(std::string("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM (") + sql +
                                 ") ORDER BY ALL");
    for (uint64_t row = 0; row < rows.row_count(); ++row) {
      for (uint64_t column = 0; column < rows.column_count(); ++column) {
        text += rows.text(column, row).value_or("NULL") + "|";
      }
      text += "\n";
    }
  }
  return text;
}

TEST(DuckdbReportStore, StoresEachNewReportOnceWithAllItsRows) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto first = report("c1", {"parse", "render"}, "ci", true);
  const auto second = report("c2", {"parse"}, "arm");
  const auto written = write(store, {first, second, first});
  ASSERT_EQ(written.size(), 3u);
  EXPECT_TRUE(written[0].stored);
  EXPECT_EQ(written[0].metrics, 2u);
  EXPECT_EQ(written[0].failures, 1u);
  EXPECT_TRUE(written[1].stored);
  EXPECT_FALSE(written[2].stored) << "the same report twice in one batch is stored once";
  EXPECT_EQ(written[2].report_id, written[0].report_id);
  EXPECT_EQ(written[0].report_id, report_id_for(first.context, first.content_hash));

  const auto again = write(store, {second, report("c3", {"parse", "lex"})});
  EXPECT_FALSE(again[0].stored) << "a report stored by an earlier batch is not stored again";
  EXPECT_TRUE(again[1].stored);
  DuckdbReportStore restarted(database->connection());  // reads the stored reports' ids afresh
  EXPECT_FALSE(write(restarted, {first})[0].stored);
  auto& connection = database->connection();
  EXPECT_EQ(count(connection, "report"), 3);
  EXPECT_EQ(count(connection, "metric"), 5);
  EXPECT_EQ(count(connection, "benchmark"), 4);  // parse, render, crash, lex
  EXPECT_EQ(count(connection, "measure"), 1);
  EXPECT_EQ(count(connection, "testbed"), 2);
  EXPECT_EQ(count(connection, "run_failure"), 1);
  EXPECT_EQ(count(connection, "resource_sample"), 1);
  EXPECT_EQ(count(connection, "gpu_sample"), 1);
}

// A batch of many reports stores the same rows as the same reports stored one at a time (the
// server's group commit and ingest), ingested times apart.
TEST(DuckdbReportStore, BatchStoresTheSameRowsAsOneByOne) {
  const std::vector<ReportRecord> reports = {report("c1", {"parse", "render"}, "ci", true),
                                             report("c2", {"parse"}, "arm"), report("c3", {"lex"})};
  testing::ScratchDir dir;
  auto batched = Database::open({(dir / "batched.duckdb").string()});
  DuckdbReportStore batch_store(batched->connection());
  write(batch_store, reports);
  auto one_by_one = Database::open({(dir / "one_by_one.duckdb").string()});
  DuckdbReportStore single_store(one_by_one->connection());
  for (const auto& one : reports) single_store.store(PendingReport::of(one));
  const auto stored = contents(batched->connection());
  EXPECT_NE(stored.find("segfault"), std::string::npos) << "every table is compared: " << stored;
  EXPECT_NE(stored.find("250.5"), std::string::npos) << "GPU samples are compared: " << stored;
  EXPECT_EQ(stored, contents(one_by_one->connection()));
}

TEST(DuckdbReportStore, ToolVersionOfTheRecordsIsStored) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto one = report("c1", {"parse"});
  store.store({&one.context, one.content_hash, [&one](MetricSink& sink) {
                 one.replay(sink);
                 sink.set_tool_version("JMH 1.36");
               }});
  EXPECT_EQ(*database->connection().query("SELECT tool_version FROM report").text(0, 0),
            "JMH 1.36");
}

TEST(DuckdbReportStore, InputFailingHalfwayLeavesNothingBehind) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto one = report("c1", {"parse"});
  // More rows than the metric stream's ring holds: its INSERT runs when the input fails.
  const PendingReport failing{&one.context, one.content_hash, [](MetricSink& sink) {
                                for (int i = 0; i < 130'000; ++i) {
                                  const std::string name = "bench/" + std::to_string(i);
                                  MetricRecord metric;
                                  metric.benchmark = name;
                                  metric.measure = &measures::latency;
                                  metric.value = i;
                                  sink.add(metric);
                                }
                                throw InputError("test.json: line 9: broken");
                              }};
  EXPECT_THROW(store.store(failing), InputError);
  for (const char* table : {"report", "metric", "benchmark", "measure", "project"}) {
    EXPECT_EQ(count(database->connection(), table), 0) << table;
  }
  EXPECT_TRUE(store.store(PendingReport::of(one)).stored) << "the store works on afterwards";
}

// Metric rows stream in through a ring of slots (store/metric_stream.hpp): a report of more rows
// than the ring and than a row group keeps every value, NULL bound and sample, in order of value.
TEST(DuckdbReportStore, MetricsOfManyBatchesAreStoredExactly) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto one = report("c1", {"parse"});
  constexpr int kRows = 250'000;
  const std::vector<double> samples = {1.5, 2.5, 3.5, 4.5};
  const auto expected = [&](int i, MetricRecord& metric) {
    metric.benchmark = i % 3 == 0 ? "a" : "b";
    metric.measure = i % 5 == 0 ? &measures::throughput : &measures::latency;
    metric.value = i;
    if (i % 2 == 0) metric.lower = i - 0.5;
    if (i % 7 != 0) metric.upper = i + 0.25;
    metric.n = i % 11;
    metric.samples = std::span<const double>(samples).first(static_cast<std::size_t>(i % 5));
  };
  const PendingReport many{&one.context, one.content_hash, [&](MetricSink& sink) {
                             for (int i = 0; i < kRows; ++i) {
                               MetricRecord metric;
                               expected(i, metric);
                               sink.add(metric);
                             }
                           }};
  const auto stored = store.store(many);
  ASSERT_TRUE(stored.stored);
  EXPECT_EQ(stored.metrics, static_cast<uint64_t>(kRows));
  auto rows = database->connection().query(
      "SELECT b.name, m.slug, x.value, x.lower, x.upper, x.n, x.samples::VARCHAR, "
      "x.report::VARCHAR "
      "FROM metric x JOIN benchmark b ON b.id = x.benchmark JOIN measure m ON m.id = x.measure "
      "ORDER BY x.value");
  ASSERT_EQ(rows.row_count(), static_cast<uint64_t>(kRows));
  // Bounds are checked against the rule expected() uses (i % 2, i % 7): comparing the optionals
  // here trips a false -Wmaybe-uninitialized in GCC 12.
  const auto same_bound = [&rows](uint64_t column, uint64_t row, bool present, double want) {
    return rows.is_null(column, row) ? !present : present && rows.number(column, row) == want;
  };
  int wrong = 0;
  for (int i = 0; i < kRows && wrong < 5; ++i) {
    MetricRecord metric;
    expected(i, metric);
    const auto row = static_cast<uint64_t>(i);
    std::string want_samples = metric.samples.empty() ? "NULL" : "[";
    for (std::size_t k = 0; k < metric.samples.size(); ++k) {
      want_samples += (k ? ", " : "") + std::to_string(metric.samples[k]).substr(0, 3);
    }
    if (!metric.samples.empty()) want_samples += "]";
    const auto got_samples = rows.text(6, row).value_or("NULL");
    const bool same =
        *rows.text(0, row) == metric.benchmark && *rows.text(1, row) == metric.measure->slug &&
        rows.number(2, row) == metric.value && same_bound(3, row, i % 2 == 0, i - 0.5) &&
        same_bound(4, row, i % 7 != 0, i + 0.25) && rows.int64(5, row) == metric.n &&
        got_samples == want_samples && *rows.text(7, row) == stored.report_id;
    if (!same) {
      ++wrong;
      ADD_FAILURE() << "row " << i << ": " << *rows.text(0, row) << " " << *rows.text(1, row) << " "
                    << rows.number(2, row) << " lower " << !rows.is_null(3, row) << " upper "
                    << !rows.is_null(4, row) << " n " << rows.int64(5, row) << " " << got_samples
                    << " (want " << want_samples << ")";
    }
  }
}

// While the metric rows' INSERT runs on its own thread, the other rows still reach the same
// transaction: new benchmarks (their appender hands DuckDB a chunk every 2,048) and new
// measures (an INSERT each) arrive all along a large report, and every metric row joins its own.
TEST(DuckdbReportStore, NewBenchmarksAndMeasuresAllAlongALargeReportJoinTheirMetrics) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto one = report("c1", {"parse"});
  constexpr int kBenchmarks = 6'000;
  constexpr int kPerBenchmark = 30;
  std::vector<Measure> late_measures;
  for (int index = 0; index < 6; ++index) {
    late_measures.push_back({"late_" + std::to_string(index), "count", Direction::lower_is_better});
  }
  const PendingReport large{&one.context, one.content_hash, [&](MetricSink& sink) {
                              for (int benchmark = 0; benchmark < kBenchmarks; ++benchmark) {
                                const std::string name = "bench/" + std::to_string(benchmark);
                                for (int k = 0; k < kPerBenchmark; ++k) {
                                  MetricRecord metric;
                                  metric.benchmark = name;
                                  // A new measure every 1,000 benchmarks.
                                  metric.measure = k == 0 && benchmark % 1'000 == 999
                                                       ? &late_measures[benchmark / 1'000]
                                                       : &measures::latency;
                                  metric.value = benchmark * 1'000.0 + k;
                                  sink.add(metric);
                                }
                              }
                            }};
  const auto stored = store.store(large);
  ASSERT_TRUE(stored.stored);
  auto& connection = database->connection();
  EXPECT_EQ(count(connection, "benchmark"), kBenchmarks);
  EXPECT_EQ(count(connection, "measure"), 7);
  EXPECT_EQ(count(connection, "metric"), kBenchmarks * kPerBenchmark);
  // Every row's value says which benchmark and measure it belongs to.
  EXPECT_EQ(connection
                .query("SELECT count(*) FROM metric x JOIN benchmark b ON b.id = x.benchmark "
                       "JOIN measure m ON m.id = x.measure "
                       "WHERE b.name = 'bench/' || (x.value // 1000)::BIGINT "
                       "AND (m.slug = 'latency') = (x.value % 1000 <> 0 OR "
                       "(x.value // 1000)::BIGINT % 1000 <> 999)")
                .int64(0, 0),
            kBenchmarks * kPerBenchmark);
}

// A hash that comes late, after more rows than the stream keeps while it waits for the id: the
// records wait for it there, and then everything is stored once.
TEST(DuckdbReportStore, HashGivenAfterTheStreamIsFullIsWaitedFor) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto big = report("c1", {"parse"});
  constexpr int kRows = 400'000;  // three times the ring
  std::promise<std::string> hash;
  std::thread hasher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hash.set_value(big.content_hash);
  });
  const auto stored =
      store.store({&big.context, ContentHash(hash.get_future().share()), [&](MetricSink& sink) {
                     for (int row = 0; row < kRows; ++row) {
                       MetricRecord metric;
                       metric.benchmark = "bench/" + std::to_string(row % 100);
                       metric.measure = &measures::latency;
                       metric.value = row;
                       sink.add(metric);
                     }
                   }});
  hasher.join();
  EXPECT_TRUE(stored.stored);
  EXPECT_EQ(stored.report_id, report_id_for(big.context, big.content_hash));
  EXPECT_EQ(count(database->connection(), "metric"), kRows);
  EXPECT_EQ(database->connection()
                .query("SELECT count(DISTINCT value), min(value), max(value) FROM metric")
                .int64(0, 0),
            kRows);
}

TEST(DuckdbReportStore, ReportWithoutMetricsIsRefused) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  auto empty = report("c1", {});
  try {
    store.store(PendingReport::of(empty));
    ADD_FAILURE() << "an empty report was stored";
  } catch (const InputError& error) {
    EXPECT_EQ(std::string(error.what()), "c1.json: holds no benchmark results; nothing was stored");
  }
  EXPECT_EQ(count(database->connection(), "report"), 0);
}

TEST(ReportId, IsAStableVersion8Uuid) {
  const auto context = report("c1", {"parse"}).context;
  const auto id = report_id_for(context, "hash-1");
  EXPECT_EQ(id, report_id_for(context, "hash-1"));
  EXPECT_NE(id, report_id_for(context, "hash-2"));
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '8');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
}

TEST(DuckdbReportStore, FailedBatchStoresNothingAndTheNextOneWorks) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  auto writer_connection = database->connect();
  DuckdbReportStore store(*writer_connection);
  write(store, {report("c1", {"parse"})});
  // Another writer takes the id the store would give its next benchmark: the store's ids in
  // memory are wrong now, and its next batch fails in the database.
  database->connection().execute(
      "INSERT INTO benchmark SELECT max(id) + 1, 1, 'elsewhere', '{}' FROM benchmark");
  const std::vector<ReportRecord> batch = {report("c2", {"parse"}), report("c3", {"new-one"})};
  EXPECT_THROW(write(store, batch), db::DatabaseError);
  auto& connection = database->connection();
  EXPECT_EQ(count(connection, "report"), 1) << "nothing of the failed batch may be stored";
  EXPECT_EQ(count(connection, "metric"), 1);

  const auto retried = write(store, batch);  // the ids are read again from the database
  EXPECT_TRUE(retried[0].stored);
  EXPECT_TRUE(retried[1].stored);
  EXPECT_EQ(count(connection, "report"), 3);
  EXPECT_EQ(count(connection, "benchmark"), 3);
}

// Ingest hands the content hash over while the records are read (ContentHash over a future):
// the id is asked for only before the report's first rows are inserted. A report found stored
// then stops its records at that point, and nothing of it is written, while the other reports
// of the batch are stored.
TEST(DuckdbReportStore, HashGivenLateStoresOnceAndStopsTheRecordsOfADuplicate) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  DuckdbReportStore store(database->connection());
  const auto big = report("c1", {"parse"});
  const auto small = report("c2", {"lex"});
  constexpr int kRows = 130'000;  // rows are inserted while the records are read
  // The records of `big`, the hash given only after 1,000 rows; counts the rows handed over.
  const auto late = [&big](std::promise<std::string>& hash, int& handed) {
    return [&big, &hash, &handed](MetricSink& sink) {
      for (handed = 0; handed < kRows; ++handed) {
        if (handed == 1'000) hash.set_value(big.content_hash);
        MetricRecord metric;
        metric.benchmark = "bench/" + std::to_string(handed % 100);
        metric.measure = &measures::latency;
        metric.value = handed;
        sink.add(metric);
      }
    };
  };
  std::promise<std::string> first_hash;
  int first_handed = 0;
  const auto first = store.store(
      {&big.context, ContentHash(first_hash.get_future().share()), late(first_hash, first_handed)});
  EXPECT_TRUE(first.stored);
  EXPECT_EQ(first.report_id, report_id_for(big.context, big.content_hash));
  EXPECT_EQ(first.metrics, static_cast<uint64_t>(kRows));

  std::promise<std::string> again_hash;
  int again_handed = 0;
  const PendingReport batch[] = {
      PendingReport::of(small),
      {&big.context, ContentHash(again_hash.get_future().share()), late(again_hash, again_handed)}};
  const auto again = store.store(batch);
  EXPECT_TRUE(again[0].stored);
  EXPECT_FALSE(again[1].stored);
  EXPECT_EQ(again[1].report_id, first.report_id);
  EXPECT_LT(again_handed, kRows) << "the records stop once the report is known to be stored";
  EXPECT_EQ(count(database->connection(), "report"), 2);
  EXPECT_EQ(count(database->connection(), "metric"), kRows + 1);
  EXPECT_EQ(database->connection()
                .query("SELECT count(*) FROM metric WHERE report = '" + first.report_id + "'")
                .int64(0, 0),
            kRows);
}

}  // namespace
}  // namespace perfwatch
