#include "store/batch_writer.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/report_writer.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

// A report as an adapter would hand it over: `benchmarks` latency metrics (the first with
// samples), and with `with_runner_rows` a failed run and a resource sample too.
struct Report {
  ReportContext context;
  std::string content_hash;
  std::vector<std::string> benchmarks;
  bool with_runner_rows = false;

  void replay(MetricSink& sink) const {
    static const double samples[] = {9.0, 11.0};
    for (std::size_t index = 0; index < benchmarks.size(); ++index) {
      MetricRecord metric;
      metric.benchmark = benchmarks[index];
      metric.measure = &measures::latency;
      metric.value = 10.0 + static_cast<double>(index);
      if (index == 0) {
        metric.samples = samples;
        metric.n = 2;
        metric.lower = 9.0;
      }
      sink.add(metric);
    }
    if (!with_runner_rows) return;
    sink.add_failure({"crash", "{}", 1, 139, 11, false, "segfault"});
    sink.add_resource_sample({benchmarks.front(), "{}", 5.0, 50.0, 1 << 20, {}, {}});
  }
};

Report report(const std::string& commit, std::vector<std::string> benchmarks,
              const std::string& testbed = "ci") {
  Report made;
  made.context.project = "demo";
  made.context.branch = "main";
  made.context.testbed = testbed;
  made.context.git.commit = commit;
  made.context.git.commit_time_unix_s = 1'700'000'000;
  made.context.ci.provider = "github";
  made.context.adapter = "bmf";
  made.context.tool_version = "bench 1.0";
  made.context.testbed_fingerprint = {{"cpu", testbed + "-cpu"}};
  made.context.settings = {{"runs", 3}};
  made.content_hash = "hash-" + commit;
  made.benchmarks = std::move(benchmarks);
  return made;
}

std::vector<WrittenReport> write(BatchWriter& writer, const std::vector<Report>& reports) {
  std::vector<PendingReport> pending;
  for (const auto& one : reports) {
    pending.push_back(
        {&one.context, one.content_hash, [&one](MetricSink& sink) { one.replay(sink); }});
  }
  return writer.write(pending);
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
        "resource_sample s JOIN benchmark b ON b.id = s.benchmark"}) {
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

TEST(BatchWriter, StoresEachNewReportOnceWithAllItsRows) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  BatchWriter writer(database->connection());
  auto first = report("c1", {"parse", "render"});
  first.with_runner_rows = true;
  const auto second = report("c2", {"parse"}, "arm");
  const auto written = write(writer, {first, second, first});
  ASSERT_EQ(written.size(), 3u);
  EXPECT_TRUE(written[0].stored);
  EXPECT_EQ(written[0].metrics, 2u);
  EXPECT_TRUE(written[1].stored);
  EXPECT_FALSE(written[2].stored) << "the same report twice in one batch is stored once";
  EXPECT_EQ(written[2].report_id, written[0].report_id);
  EXPECT_EQ(written[0].report_id, report_id_for(first.context, first.content_hash));

  const auto again = write(writer, {second, report("c3", {"parse", "lex"})});
  EXPECT_FALSE(again[0].stored) << "a report stored by an earlier batch is not stored again";
  EXPECT_TRUE(again[1].stored);
  BatchWriter restarted(database->connection());  // reads the stored reports' ids afresh
  EXPECT_FALSE(write(restarted, {first})[0].stored);
  auto& connection = database->connection();
  EXPECT_EQ(count(connection, "report"), 3);
  EXPECT_EQ(count(connection, "metric"), 5);
  EXPECT_EQ(count(connection, "benchmark"), 4);  // parse, render, crash, lex
  EXPECT_EQ(count(connection, "measure"), 1);
  EXPECT_EQ(count(connection, "testbed"), 2);
  EXPECT_EQ(count(connection, "run_failure"), 1);
  EXPECT_EQ(count(connection, "resource_sample"), 1);
}

TEST(BatchWriter, StoresTheSameRowsAsReportWriter) {
  auto first = report("c1", {"parse", "render"});
  first.with_runner_rows = true;
  const std::vector<Report> reports = {first, report("c2", {"parse"}, "arm"),
                                       report("c3", {"lex"})};
  testing::ScratchDir dir;
  auto batched = Database::open({(dir / "batched.duckdb").string()});
  BatchWriter writer(batched->connection());
  write(writer, reports);
  auto one_by_one = Database::open({(dir / "one_by_one.duckdb").string()});
  for (const auto& one : reports) {
    ReportWriter single(*one_by_one, one.context, one.content_hash);
    one.replay(single);
    single.commit();
  }
  const auto stored = contents(batched->connection());
  EXPECT_NE(stored.find("segfault"), std::string::npos) << "every table is compared: " << stored;
  EXPECT_EQ(stored, contents(one_by_one->connection()));
}

TEST(BatchWriter, FailedBatchStoresNothingAndTheNextOneWorks) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  auto writer_connection = database->connect();
  BatchWriter writer(*writer_connection);
  write(writer, {report("c1", {"parse"})});
  // Another writer takes the id the batch writer would give its next benchmark: the batch
  // writer's ids in memory are wrong now, and its next batch fails in the database.
  database->connection().execute(
      "INSERT INTO benchmark SELECT max(id) + 1, 1, 'elsewhere', '{}' FROM benchmark");
  const std::vector<Report> batch = {report("c2", {"parse"}), report("c3", {"new-one"})};
  EXPECT_THROW(write(writer, batch), db::DatabaseError);
  auto& connection = database->connection();
  EXPECT_EQ(count(connection, "report"), 1) << "nothing of the failed batch may be stored";
  EXPECT_EQ(count(connection, "metric"), 1);

  const auto retried = write(writer, batch);  // the ids are read again from the database
  EXPECT_TRUE(retried[0].stored);
  EXPECT_TRUE(retried[1].stored);
  EXPECT_EQ(count(connection, "report"), 3);
  EXPECT_EQ(count(connection, "benchmark"), 3);
}

}  // namespace
}  // namespace perfwatch
