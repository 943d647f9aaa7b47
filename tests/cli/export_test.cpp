#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

void store_report(const ScratchDir& dir) {
  testing::write_file(dir / "a.json",
                      R"({"parse": {"latency": {"value": 1.5, "lower_value": 1,
                          "upper_value": 2}}})");
  ASSERT_EQ(run_perfwatch({"ingest", "a.json", "--project", "p", "--branch", "main", "--testbed",
                           "box", "--commit", "c1"},
                          dir.path())
                .exit_code,
            0);
}

TEST(ExportCommand, CsvToStandardOutputHasContextColumns) {
  ScratchDir dir;
  store_report(dir);
  auto result = run_perfwatch({"export", "--format", "csv"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto header = result.out.substr(0, result.out.find('\n'));
  EXPECT_EQ(header,
            "project,branch,testbed,commit,commit_time,report,adapter,benchmark,params,measure,"
            "units,direction,value,lower,upper,n,samples");
  const auto row = result.out.substr(header.size() + 1);
  EXPECT_EQ(row.substr(0, 15), "p,main,box,c1,,");
  EXPECT_NE(row.find(",bmf,parse,{},latency,ns,lower_is_better,1.5,1.0,2.0,0,\n"),
            std::string::npos)
      << row;
}

TEST(ExportCommand, JsonIsOneObjectPerMetric) {
  ScratchDir dir;
  store_report(dir);
  auto result = run_perfwatch({"export", "--format", "json"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 1);
  EXPECT_NE(
      result.out.find(
          R"("measure":"latency","units":"ns","direction":"lower_is_better","value":1.5,"lower":1.0,"upper":2.0)"),
      std::string::npos)
      << result.out;
}

TEST(ExportCommand, ParquetFileReadsBackExactly) {
  ScratchDir dir;
  store_report(dir);
  auto result = run_perfwatch({"export", "--format", "parquet", "-o", "out.parquet"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  auto back = run_perfwatch(
      {"sql", "SELECT project, benchmark, measure, value, upper FROM 'out.parquet'"}, dir.path());
  EXPECT_EQ(back.out, "project\tbenchmark\tmeasure\tvalue\tupper\np\tparse\tlatency\t1.5\t2.0\n");
}

TEST(ExportCommand, FiltersSelectReports) {
  ScratchDir dir;
  store_report(dir);
  auto none = run_perfwatch({"export", "--branch", "main", "--testbed", "box"}, dir.path());
  EXPECT_EQ(std::count(none.out.begin(), none.out.end(), '\n'), 2);
  auto unknown = run_perfwatch({"export", "--project", "q"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--project: no project 'q'"), std::string::npos);
}

TEST(ExportCommand, BadInputExitsTwoAndWritesNothing) {
  ScratchDir dir;
  store_report(dir);
  auto parquet = run_perfwatch({"export", "--format", "parquet"}, dir.path());
  EXPECT_EQ(parquet.exit_code, 2);
  EXPECT_EQ(parquet.err, "perfwatch: error: --format parquet: binary output needs -o FILE\n");
  auto folder = run_perfwatch({"export", "-o", "no/such/out.csv"}, dir.path());
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_NE(folder.err.find("-o: no/such/out.csv"), std::string::npos);
  auto format = run_perfwatch({"export", "--format", "xlsx"}, dir.path());
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2);  // a.json and perfwatch.duckdb
}

}  // namespace
}  // namespace perfwatch
