#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// A database `name` holding one report of `file` stored on testbed `testbed`.
void make_database(const ScratchDir& dir, const std::string& name, const std::string& testbed,
                   const std::string& json) {
  testing::write_file(dir / (name + ".json"), json);
  auto result = run_perfwatch({"--db", name + ".duckdb", "ingest", name + ".json", "--project", "p",
                               "--branch", "main", "--testbed", testbed, "--commit", "c1"},
                              dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

std::string query(const ScratchDir& dir, const std::string& db, const std::string& sql) {
  return run_perfwatch({"--db", db, "sql", sql}, dir.path()).out;
}

TEST(MergeCommand, MergesMatrixJobsRemappingIdsAndIsIdempotent) {
  ScratchDir dir;
  make_database(dir, "linux", "linux-box", R"({"parse": {"latency": {"value": 10}}})");
  make_database(dir, "mac", "mac-box",
                R"({"parse": {"latency": {"value": 20}}, "copy": {"rss": {"value": 5}}})");
  const auto before = testing::read_file(dir / "linux.duckdb");
  auto first =
      run_perfwatch({"merge", "linux.duckdb", "mac.duckdb", "-o", "all.duckdb"}, dir.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out,
            "all.duckdb: merged 2 databases: 2 reports added (3 metrics), 0 already present\n");
  auto again =
      run_perfwatch({"merge", "mac.duckdb", "linux.duckdb", "-o", "all.duckdb"}, dir.path());
  EXPECT_EQ(again.out,
            "all.duckdb: merged 2 databases: 0 reports added (0 metrics), 2 already present\n");
  EXPECT_EQ(testing::read_file(dir / "linux.duckdb"), before);  // sources are never written

  EXPECT_EQ(query(dir, "all.duckdb", "SELECT count(*) AS n FROM project"), "n\n1\n");
  EXPECT_EQ(query(dir, "all.duckdb", "SELECT count(*) AS n FROM branch"), "n\n1\n");
  EXPECT_EQ(query(dir, "all.duckdb", "SELECT name FROM testbed ORDER BY name"),
            "name\nlinux-box\nmac-box\n");
  EXPECT_EQ(query(dir, "all.duckdb", "SELECT slug FROM measure ORDER BY slug"),
            "slug\nlatency\nrss\n");
  // Each metric points at the merged benchmark and measure ids of its own names.
  EXPECT_EQ(query(dir, "all.duckdb",
                  "SELECT t.name AS testbed, b.name AS benchmark, m.slug AS measure, x.value "
                  "FROM metric x JOIN report r ON r.id = x.report "
                  "JOIN testbed t ON t.id = r.testbed JOIN benchmark b ON b.id = x.benchmark "
                  "JOIN measure m ON m.id = x.measure ORDER BY 1, 2, 3"),
            "testbed\tbenchmark\tmeasure\tvalue\n"
            "linux-box\tparse\tlatency\t10.0\n"
            "mac-box\tcopy\trss\t5.0\n"
            "mac-box\tparse\tlatency\t20.0\n");
  EXPECT_EQ(query(dir, "all.duckdb", "SELECT count(*) AS n FROM report WHERE commit_hash = 'c1'"),
            "n\n2\n");
}

TEST(MergeCommand, RunFailuresComeWithTheirReportOnce) {
  ScratchDir dir;
  make_database(dir, "job", "box", R"({"parse": {"latency": {"value": 10}}})");
  // A failed run as `perfwatch run` records it, written here directly.
  ASSERT_EQ(run_perfwatch({"--db", "job.duckdb", "sql", "--write",
                           "INSERT INTO run_failure SELECT r.id, b.id, 3, 1, NULL, false, 'boom' "
                           "FROM report r, benchmark b"},
                          dir.path())
                .exit_code,
            0);
  for (int twice = 0; twice < 2; ++twice) {
    ASSERT_EQ(run_perfwatch({"merge", "job.duckdb", "-o", "all.duckdb"}, dir.path()).exit_code, 0);
  }
  EXPECT_EQ(query(dir, "all.duckdb",
                  "SELECT b.name, f.run_index, f.exit_code, f.stderr_tail FROM run_failure f "
                  "JOIN benchmark b ON b.id = f.benchmark"),
            "name\trun_index\texit_code\tstderr_tail\nparse\t3\t1\tboom\n");
}

TEST(MergeCommand, SameReportInTwoSourcesIsOneReport) {
  ScratchDir dir;
  make_database(dir, "a", "box", R"({"parse": {"latency": {"value": 10}}})");
  std::filesystem::copy_file(dir / "a.duckdb", dir / "copy.duckdb");
  auto result = run_perfwatch({"merge", "a.duckdb", "copy.duckdb", "-o", "all.duckdb"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "all.duckdb: merged 2 databases: 1 reports added (1 metrics), 1 already present\n");
  EXPECT_EQ(query(dir, "all.duckdb", "SELECT count(*) AS n FROM metric"), "n\n1\n");
}

TEST(MergeCommand, BadSourcesExitTwoNamingTheFileAndWriteNothing) {
  ScratchDir dir;
  make_database(dir, "good", "box", R"({"parse": {"latency": {"value": 10}}})");
  testing::write_file(dir / "text.duckdb", "not a database at all\n");
  // A DuckDB file that is not perfwatch's.
  ASSERT_EQ(run_perfwatch({"--db", "good.duckdb", "sql", "--write",
                           "ATTACH 'other.duckdb' AS o; CREATE TABLE o.t (x INTEGER)"},
                          dir.path())
                .exit_code,
            0);
  // A perfwatch database of another schema version.
  std::filesystem::copy_file(dir / "good.duckdb", dir / "old.duckdb");
  ASSERT_EQ(run_perfwatch({"--db", "old.duckdb", "sql", "--write",
                           "UPDATE perfwatch_meta SET value = '1' WHERE key = 'schema_version'"},
                          dir.path())
                .exit_code,
            0);
  for (const auto& [source, message] : std::vector<std::pair<std::string, std::string>>{
           {"missing.duckdb", "missing.duckdb: no such database file"},
           {"text.duckdb", "text.duckdb: not a DuckDB database file"},
           {"other.duckdb", "other.duckdb: not a perfwatch database"},
           {"old.duckdb", "old.duckdb: perfwatch schema version 1"}}) {
    auto result = run_perfwatch({"merge", "good.duckdb", source, "-o", "out.duckdb"}, dir.path());
    EXPECT_EQ(result.exit_code, 2) << source;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
    EXPECT_FALSE(std::filesystem::exists(dir / "out.duckdb")) << source;
  }
  auto no_output = run_perfwatch({"merge", "good.duckdb"}, dir.path());
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_NE(no_output.err.find("--output"), std::string::npos) << no_output.err;
}

TEST(MergeCommand, ConflictingMeasureUnitsRollBackEverything) {
  ScratchDir dir;
  make_database(dir, "a", "box", R"({"parse": {"size": {"value": 10}}})");
  make_database(dir, "b", "box2", R"({"parse": {"size": {"value": 10}}})");
  ASSERT_EQ(run_perfwatch({"--db", "b.duckdb", "sql", "--write",
                           "UPDATE measure SET units = 'bytes' WHERE slug = 'size'"},
                          dir.path())
                .exit_code,
            0);
  auto result = run_perfwatch({"merge", "a.duckdb", "b.duckdb", "-o", "all.duckdb"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("b.duckdb: measure 'size' of project 'p'"), std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "all.duckdb"));
}

// An older perfwatch stored a BMF measure without a direction as lower is better; a newer one
// stores it as unknown: the two merge, and the measure keeps the target's direction.
TEST(MergeCommand, UnknownDirectionMergesWithAStatedOne) {
  ScratchDir dir;
  make_database(dir, "a", "box", R"({"parse": {"size": {"value": 10}}})");
  make_database(dir, "b", "box2", R"({"parse": {"size": {"value": 10}}})");
  ASSERT_EQ(run_perfwatch({"--db", "a.duckdb", "sql", "--write",
                           "UPDATE measure SET direction = 'lower_is_better' WHERE slug = 'size'"},
                          dir.path())
                .exit_code,
            0);
  auto result = run_perfwatch({"merge", "a.duckdb", "b.duckdb", "-o", "all.duckdb"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(query(dir, "all.duckdb", "SELECT direction FROM measure WHERE slug = 'size'")
                .find("lower_is_better"),
            std::string::npos);
  EXPECT_NE(query(dir, "all.duckdb", "SELECT count(*) AS reports FROM report").find("2"),
            std::string::npos);
}

}  // namespace
}  // namespace perfwatch
