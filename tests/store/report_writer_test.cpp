#include "store/report_writer.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

ReportContext sample_context() {
  ReportContext context;
  context.project = "demo";
  context.branch = "main";
  context.testbed = "ci-runner";
  context.git.commit = "0123456789abcdef0123456789abcdef01234567";
  context.adapter = "test";
  context.source = "test.json";
  return context;
}

int64_t count(Database& database, const std::string& table) {
  return database.connection().query("SELECT count(*) FROM " + table).int64(0, 0);
}

void add_latency(ReportWriter& writer, std::string_view benchmark, double value,
                 std::span<const double> samples = {}) {
  MetricRecord metric;
  metric.benchmark = benchmark;
  metric.measure = &measures::latency;
  metric.value = value;
  metric.n = static_cast<int64_t>(samples.size());
  metric.samples = samples;
  writer.add(metric);
}

TEST(ReportWriter, StoresReportWithMetricsAndSamples) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  const double samples[] = {10.0, 12.0, 11.0};
  ReportWriter writer(*database, sample_context(), "hash-1");
  add_latency(writer, "parse", 11.0, samples);
  add_latency(writer, "render", 20.0);
  writer.commit();
  EXPECT_EQ(count(*database, "report"), 1);
  EXPECT_EQ(count(*database, "metric"), 2);
  EXPECT_EQ(count(*database, "benchmark"), 2);
  auto stored = database->connection().query(
      "SELECT list_sum(samples), len(samples) FROM metric JOIN benchmark b ON b.id = benchmark "
      "WHERE b.name = 'parse'");
  EXPECT_DOUBLE_EQ(stored.number(0, 0), 33.0);
  EXPECT_EQ(stored.int64(1, 0), 3);
}

TEST(ReportWriter, UncommittedReportLeavesNothingBehind) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  {
    ReportWriter writer(*database, sample_context(), "hash-1");
    for (int i = 0; i < 5000; ++i) add_latency(writer, "bench/" + std::to_string(i), i);
    // An adapter throwing halfway through ends here, without commit().
  }
  for (const char* table : {"report", "metric", "benchmark", "measure"}) {
    EXPECT_EQ(count(*database, table), 0) << table;
  }
}

TEST(ReportWriter, SameContentForSameCommitIsStoredOnce) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  for (int attempt = 0; attempt < 2; ++attempt) {
    ReportWriter writer(*database, sample_context(), "hash-1");
    EXPECT_EQ(writer.already_stored(), attempt == 1);
    add_latency(writer, "parse", 11.0);
    writer.commit();
  }
  EXPECT_EQ(count(*database, "report"), 1);
  EXPECT_EQ(count(*database, "metric"), 1);

  auto other_commit = sample_context();
  other_commit.git.commit = "fedcba9876543210fedcba9876543210fedcba98";
  ReportWriter writer(*database, other_commit, "hash-1");
  EXPECT_FALSE(writer.already_stored());
  add_latency(writer, "parse", 12.0);
  writer.commit();
  EXPECT_EQ(count(*database, "report"), 2);
  EXPECT_EQ(count(*database, "benchmark"), 1);
}

TEST(ReportWriter, ReportWithoutMetricsIsRefused) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  ReportWriter writer(*database, sample_context(), "hash-1");
  EXPECT_THROW(writer.commit(), InputError);
}

TEST(ReportId, IsAStableVersion8Uuid) {
  const auto id = report_id_for(sample_context(), "hash-1");
  EXPECT_EQ(id, report_id_for(sample_context(), "hash-1"));
  EXPECT_NE(id, report_id_for(sample_context(), "hash-2"));
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '8');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
}

}  // namespace
}  // namespace perfwatch
