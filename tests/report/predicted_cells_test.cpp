// The site's predicted cells (report/predicted_cells.hpp) through the binary: a cell never run is
// predicted in site.js, apart from the measured series, and nothing predicted reaches the
// database.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// hyperfine results of two benchmarks along batch_size on one testbed (hyperfine writes its
// parameters as text); `skip_batch` is left out of "infer".
void store(const ScratchDir& dir, const std::string& testbed, double speed, int skip_batch) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto* name : {"infer", "train"}) {
    for (const int batch : {1, 2, 4, 8}) {
      if (std::string(name) == "infer" && batch == skip_batch) continue;
      const double mean = (name[0] == 'i' ? 0.002 : 0.01) * std::sqrt(batch) / speed;
      results.push_back({{"command", name},
                         {"mean", mean},
                         {"stddev", mean / 100},
                         {"median", mean},
                         {"user", mean},
                         {"system", 0},
                         {"min", mean},
                         {"max", mean},
                         {"times", {mean, mean}},
                         {"parameters", {{"batch_size", std::to_string(batch)}}}});
    }
  }
  const auto file = dir / (testbed + ".json");
  testing::write_file(file, nlohmann::json{{"results", results}}.dump());
  const auto ingested = run_perfwatch(
      {"ingest", "--project", "ml", "--branch", "main", "--testbed", testbed, file.string()},
      dir.path());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
}

nlohmann::json read_site(const ScratchDir& dir) {
  const auto text = testing::read_file(dir / "site" / "data" / "site.js");
  const auto start = text.find("]=");
  return nlohmann::json::parse(text.substr(start + 2, text.rfind(';') - start - 2));
}

std::string metric_rows(const ScratchDir& dir) {
  const auto result = run_perfwatch(
      {"sql",
       "SELECT count(*) AS n, sum(value) AS total, count(DISTINCT benchmark) AS b FROM "
       "metric"},
      dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(PredictedCells, ACellNeverRunIsPredictedApartAndNeverStored) {
  ScratchDir dir;
  store(dir, "fast", 4, 0);
  store(dir, "slow", 1, 8);
  const auto before = metric_rows(dir);
  const auto written = run_perfwatch({"report", "--out", "site"}, dir.path());
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_EQ(metric_rows(dir), before) << "writing the site stores nothing";

  const auto site = read_site(dir);
  int infer8 = -1, slow = -1;
  for (const auto& b : site["benchmarks"]) {
    if (b["name"] == "infer" && b["params"]["batch_size"] == "8") infer8 = b["id"];
  }
  for (const auto& t : site["testbeds"]) {
    if (t["name"] == "slow") slow = t["id"];
  }
  ASSERT_GE(infer8, 0);
  ASSERT_GE(slow, 0);
  for (const auto& s : site["series"]) {
    EXPECT_FALSE(s["benchmark"] == infer8 && s["testbed"] == slow)
        << "the cell never run has no measured series";
  }
  // Only the one cell is missing from the matrix of each measure hyperfine stores; it is predicted
  // from the rest, near the value the generating law gives (0.002 s x sqrt(8) on the slow
  // testbed, in ns).
  ASSERT_EQ(site["predicted"].size(), site["measures"].size()) << site["predicted"].dump();
  const double truth = 2e6 * std::sqrt(8.0);
  for (const auto& cell : site["predicted"]) {
    EXPECT_EQ(cell["benchmark"], infer8);
    EXPECT_EQ(cell["testbed"], slow);
    EXPECT_NEAR(cell["value"].get<double>() / truth, 1, 0.1) << cell.dump();
    EXPECT_LE(cell["low"].get<double>(), cell["value"].get<double>());
    EXPECT_GE(cell["high"].get<double>(), cell["value"].get<double>());
  }
  EXPECT_EQ(site["prediction_level"], 0.9);

  // The database still holds no metric of that cell.
  const auto stored = run_perfwatch(
      {"sql", fmt::format("SELECT count(*) AS n FROM metric m JOIN report r ON r.id = m.report "
                          "WHERE m.benchmark = {} AND r.testbed = {}",
                          infer8, slow)},
      dir.path());
  EXPECT_EQ(stored.out, "n\n0\n") << stored.err;
}

TEST(PredictedCells, OneTestbedHasNothingToPredict) {
  ScratchDir dir;
  store(dir, "fast", 4, 8);
  ASSERT_EQ(run_perfwatch({"report", "--out", "site"}, dir.path()).exit_code, 0);
  EXPECT_TRUE(read_site(dir)["predicted"].empty());
}

}  // namespace
}  // namespace perfwatch
