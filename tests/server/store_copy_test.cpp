// Copying a whole store in bounded memory (issue 17): `merge` of a DuckDB file reads each source
// table a DuckDB chunk (2,048 rows) at a time, and with --postgres the mirror that `export`,
// `report` and `changes` read (store/postgres_mirror.hpp) fetches PostgreSQL's rows in batches of
// 10,000. A store larger than one chunk and one batch must come through whole and exact.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "store_under_test.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;

class StoreCopy : public testing::OnEachStore {};

INSTANTIATE_ON_EACH_STORE(StoreCopy);

// 6,000 benchmarks of two measures: 12,000 metrics, with a NULL bound on every third one.
std::string large_bmf() {
  std::string bmf = "{";
  for (int benchmark = 0; benchmark < 6'000; ++benchmark) {
    const auto bounds =
        benchmark % 3 == 0
            ? std::string()
            : fmt::format(R"(, "lower_value": {}, "upper_value": {})", benchmark, benchmark + 2);
    bmf += fmt::format(
        R"({}"case_{:05}": {{"latency": {{"value": {}.25{}}}, "throughput": {{"value": {}}}}})",
        benchmark ? ", " : "", benchmark, benchmark, bounds, 6'000 - benchmark);
  }
  return bmf + "}";
}

TEST_P(StoreCopy, MergeThenExportCopyMoreRowsThanOneChunkAndOneBatchExactly) {
  testing::write_file(dir / "large.json", large_bmf());
  const auto ingested =
      run_perfwatch({"--db", "large.duckdb", "ingest", "--project", "demo", "--branch", "main",
                     "--testbed", "ci", "--commit", "c1", "large.json"},
                    dir.path());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;

  const auto merged = run_perfwatch(
      on_postgres()
          ? std::vector<std::string>{"merge", "large.duckdb", "--postgres", postgres_url()}
          : std::vector<std::string>{"merge", "large.duckdb", "-o", "store.duckdb"},
      dir.path());
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("1 reports added (12000 metrics)"), std::string::npos) << merged.out;
  // The values are whole quarters, so their sum is exact in both databases' spelling.
  const std::string counts =
      "SELECT count(*) AS metrics, count(lower) AS bounded, CAST(sum(value) * 4 AS BIGINT) AS "
      "quarters FROM metric";
  EXPECT_EQ(query(counts), testing::query_text((dir / "large.duckdb").string(), "", counts));

  // Every row as the file holds it, read back from the store (on PostgreSQL: through the mirror).
  const auto from_file =
      run_perfwatch({"--db", "large.duckdb", "export", "--format", "csv"}, dir.path());
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  const auto from_store = perfwatch({"export", "--format", "csv"});
  ASSERT_EQ(from_store.exit_code, 0) << from_store.err;
  EXPECT_EQ(std::count(from_store.out.begin(), from_store.out.end(), '\n'), 12'001);
  EXPECT_EQ(from_store.out, from_file.out);
}

}  // namespace
}  // namespace perfwatch
