// perfwatch predict, scaling, recommend and insights on a matrix generated here: benchmarks x
// testbeds x batch sizes (throughput, saturating in the batch size, each testbed a fixed factor
// faster), ingested as perfwatch receipts with params, some cells never run.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "support/throughput_receipt.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using Json = nlohmann::json;

const double speeds[] = {1.0, 2.0, 3.5, 0.5};  // tb0 .. tb3
const double batches[] = {1, 2, 4, 8, 16, 32};

double throughput(int benchmark, int testbed, double batch) {
  const double knee = 4 + 3 * benchmark;
  return (100 + 37 * benchmark) * speeds[testbed] * batch / (1 + batch / knee);
}

// Whether the generated matrix leaves this cell unmeasured: tb3 never ran bench0, and every
// testbed skips one batch size of one benchmark.
bool skipped(int benchmark, int testbed, int batch_index) {
  return (benchmark == 0 && testbed == 3) || (benchmark == testbed + 1 && batch_index == 3);
}

class ModelCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int t = 0; t < 4; ++t) {
      std::vector<testing::ThroughputCell> cells;
      for (int b = 0; b < 6; ++b) {
        for (int k = 0; k < 6; ++k) {
          if (skipped(b, t, k)) continue;
          cells.push_back({fmt::format("bench{}", b), batches[k], throughput(b, t, batches[k])});
        }
      }
      const auto file = dir_ / fmt::format("tb{}.json", t);
      testing::write_file(file, testing::throughput_receipt(cells).dump());
      const auto stored =
          run_perfwatch({"ingest", "--adapter", "perfwatch_receipt", "--branch", "main",
                         "--testbed", fmt::format("tb{}", t), file.string()},
                        dir_.path());
      ASSERT_EQ(stored.exit_code, 0) << stored.err;
    }
  }
  testing::CommandResult perfwatch(const std::vector<std::string>& args) {
    return run_perfwatch(args, dir_.path());
  }
  testing::ScratchDir dir_;
};

TEST_F(ModelCommands, PredictEstimatesOnlyTheCellsNotRunAndMarksHowWithIntervals) {
  const auto result = perfwatch({"predict", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto cells = Json::parse(result.out);
  // 6 batch sizes of bench0 on tb3, and one batch size of bench1..bench4 on tb0..tb3.
  ASSERT_EQ(cells.size(), 10u) << result.out;
  for (const auto& cell : cells) {
    const int b = cell["benchmark"].get<std::string>().back() - '0';
    const int t = cell["testbed"].get<std::string>().back() - '0';
    const double batch = std::stod(cell["params"].get<std::string>().substr(11));
    const double truth = throughput(b, t, batch);
    SCOPED_TRACE(cell.dump());
    EXPECT_NEAR(cell["predicted"].get<double>(), truth, 0.1 * truth);
    EXPECT_LE(cell["low"].get<double>(), cell["predicted"].get<double>());
    EXPECT_GE(cell["high"].get<double>(), cell["predicted"].get<double>());
    EXPECT_EQ(cell["kind"], b == 0 ? "cross-testbed" : "interior");
    EXPECT_EQ(cell["extrapolated"], b == 0);
  }
}

TEST_F(ModelCommands, PredictValidateReportsEachKindOfQuestion) {
  const auto result = perfwatch({"predict", "--validate", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto figures = Json::parse(result.out);
  ASSERT_EQ(figures.size(), 4u);
  EXPECT_EQ(figures[0]["question"], "interior");
  EXPECT_EQ(figures[0]["parameter"], "batch_size");
  for (const auto& figure : figures) {
    EXPECT_GT(figure["predicted"].get<int>(), 0) << figure.dump();
    EXPECT_LT(figure["mape_percent"].get<double>(), 15) << figure.dump();
  }
  EXPECT_EQ(perfwatch({"predict", "--param", "no_such"}).exit_code, 2);
}

TEST_F(ModelCommands, ScalingFitsTheTimePerUnitAlongTheBatchSize) {
  const auto result = perfwatch({"scaling", "--benchmark", "bench5", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto fits = Json::parse(result.out);
  ASSERT_EQ(fits.size(), 4u);  // bench5 on each testbed
  // Fitted on 1/throughput, the time per unit; not along threads, so no Amdahl or USL.
  for (const auto& fit : fits) {
    EXPECT_EQ(fit["fitted_on"], "1/throughput");
    EXPECT_TRUE(fit.contains("extrap") && fit.contains("complexity_class")) << fit.dump();
    EXPECT_FALSE(fit.contains("usl"));
  }
}

TEST_F(ModelCommands, RecommendRanksByCostPerUnitAmongTestbedsMeetingTheObjective) {
  testing::write_file(dir_ / "costs.toml",
                      "[testbed.tb0]\ncost_per_hour = 1.0\n[testbed.tb1]\ncost_per_hour = 1.5\n"
                      "[testbed.tb2]\ncost_per_hour = 5.0\n[testbed.tb3]\ncost_per_hour = 0.1\n");
  // bench0 at batch 8: tb0 267/s, tb1 533/s, tb2 933/s, tb3 (never run) 133/s; per million
  // units tb1 costs 0.78, tb2 1.49.
  const auto result = perfwatch({"recommend", "--benchmark", "bench0", "--objective",
                                 "throughput >= 400 at batch_size = 8", "--config",
                                 (dir_ / "costs.toml").string(), "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto ranked = Json::parse(result.out);
  ASSERT_EQ(ranked.size(), 4u) << result.out;
  EXPECT_EQ(ranked[0]["testbed"], "tb1");  // meets it at the lower cost per unit
  EXPECT_EQ(ranked[1]["testbed"], "tb2");
  EXPECT_EQ(ranked[2]["testbed"], "tb0");  // too slow, the faster of the two
  EXPECT_EQ(ranked[3]["testbed"], "tb3");  // cheapest per unit, but too slow
  EXPECT_TRUE(ranked[1]["meets"].get<bool>());
  EXPECT_FALSE(ranked[2]["meets"].get<bool>());
  EXPECT_FALSE(ranked[3]["meets"].get<bool>());
  EXPECT_NEAR(ranked[0]["cost_per_million_units"].get<double>(), 1.5 / 3600 / 533.33 * 1e6, 0.01);
  EXPECT_TRUE(ranked[3]["predicted"].get<bool>());
  EXPECT_FALSE(ranked[0]["predicted"].get<bool>());
}

TEST_F(ModelCommands, RecommendRefusesObjectivesItCannotRead) {
  for (const std::string objective :
       {"throughput >= fast", "speed >= 3", "throughput >= 5 at batch_size", "latency <= 3 ms",
        "throughput >= 10 at colour = red"}) {
    const auto result = perfwatch({"recommend", "--benchmark", "bench0", "--objective", objective});
    EXPECT_EQ(result.exit_code, 2) << objective << ": " << result.out;
    EXPECT_NE(result.err.find("error"), std::string::npos) << result.err;
  }
  EXPECT_EQ(perfwatch({"recommend", "--benchmark", "bench", "--objective", "highest throughput"})
                .exit_code,
            2);  // six benchmarks match
}

TEST_F(ModelCommands, InsightsNamesTheLeastSureUntestedCells) {
  const auto result = perfwatch({"insights", "--top", "3", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto insights = Json::parse(result.out);
  ASSERT_EQ(insights["run_next"].size(), 3u);
  // Nothing was run twice: no noise or movers to report.
  EXPECT_TRUE(insights["noisiest"].empty());
  EXPECT_TRUE(insights["movers"].empty());
  // The least sure first: the widest interval (high / low). On this noise-free matrix the
  // testbed ratios know tb3's worth for bench0 exactly, so its cells are not the least sure.
  const auto width = [&](std::size_t i) {
    return insights["run_next"][i]["high"].get<double>() /
           insights["run_next"][i]["low"].get<double>();
  };
  EXPECT_GE(width(0), width(1));
  EXPECT_GE(width(1), width(2));
}

TEST(ModelCommandsThreads, ScalingAlongThreadsFitsAmdahlAndTheUsl) {
  testing::ScratchDir dir;
  // Latency 100 ms x (0.1 + 0.9 / p): Amdahl with a parallel fraction of 0.9. Allocations are 0
  // (no place in log-space models): left out, not an error.
  Json receipt = {{"perfwatch_receipt", 1}, {"benchmarks", Json::array()}};
  for (double p : {1, 2, 4, 8, 16, 32}) {
    const Json params = {{"num_threads", p}};
    receipt["benchmarks"].push_back({{"benchmark", "infer"},
                                     {"params", params},
                                     {"metrics",
                                      {{{"benchmark", "infer"},
                                        {"params", params},
                                        {"measure", "latency"},
                                        {"units", "ms"},
                                        {"direction", "lower_is_better"},
                                        {"value", 100 * (0.1 + 0.9 / p)}},
                                       {{"benchmark", "infer"},
                                        {"params", params},
                                        {"measure", "allocations"},
                                        {"units", "count"},
                                        {"direction", "lower_is_better"},
                                        {"value", 0}}}}});
  }
  testing::write_file(dir / "threads.json", receipt.dump());
  ASSERT_EQ(run_perfwatch({"ingest", "--adapter", "perfwatch_receipt", "--testbed", "box",
                           (dir / "threads.json").string()},
                          dir.path())
                .exit_code,
            0);
  const auto result = run_perfwatch({"scaling", "--format", "json"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto fits = Json::parse(result.out);
  ASSERT_EQ(fits.size(), 1u) << result.out;
  EXPECT_EQ(fits[0]["parameter"], "num_threads");
  EXPECT_NEAR(fits[0]["amdahl"]["parallel_fraction"].get<double>(), 0.9, 1e-6);
  EXPECT_NEAR(fits[0]["amdahl"]["max_speedup"].get<double>(), 10, 1e-4);
  EXPECT_NEAR(fits[0]["usl"]["sigma"].get<double>(), 0.1, 1e-6);  // Amdahl is the USL with kappa 0
  EXPECT_TRUE(fits[0]["usl"]["peak_concurrency"].is_null());
}

TEST_F(ModelCommands, PullRequestSummaryNamesAFewUntestedCellsToRunNext) {
  const auto result = perfwatch({"report", "--format", "json", "--testbed", "tb0"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto notes = Json::parse(result.out)["model_notes"];
  ASSERT_EQ(notes.size(), 3u) << result.out;
  for (const auto& note : notes) EXPECT_EQ(note["kind"], "run next");
  // Each names an untested cell: a benchmark at a batch size on a testbed.
  for (const auto& note : notes) {
    EXPECT_NE(note["text"].get<std::string>().find(" batch_size="), std::string::npos) << note;
    EXPECT_NE(note["text"].get<std::string>().find(" on tb"), std::string::npos) << note;
  }
}

// Eight reports in which `parse` slows from 10 to 13.5 ms against `latency <= 15 ms`, and
// `render` stays at 5 ms against the same objective: only parse's margin shrinks.
TEST(ModelCommandsSlo, InsightsNamesTheShrinkingSloMargin) {
  testing::ScratchDir dir;
  testing::write_file(dir / "perfwatch.toml",
                      "[[slo]]\nbenchmark = \"*\"\nobjective = \"latency <= 15 ms\"\n");
  for (int r = 0; r < 8; ++r) {
    Json receipt = {{"perfwatch_receipt", 1}, {"benchmarks", Json::array()}};
    for (const auto& [name, ms] : {std::pair{"parse", 10 + 0.5 * r}, std::pair{"render", 5.0}}) {
      receipt["benchmarks"].push_back({{"benchmark", name},
                                       {"params", Json::object()},
                                       {"metrics",
                                        {{{"benchmark", name},
                                          {"params", Json::object()},
                                          {"measure", "latency"},
                                          {"units", "ms"},
                                          {"direction", "lower_is_better"},
                                          {"value", ms + 0.01 * (r % 3)}}}}});
    }
    const auto file = dir / fmt::format("r{}.json", r);
    testing::write_file(file, receipt.dump());
    const auto stored =
        run_perfwatch({"ingest", "--adapter", "perfwatch_receipt", "--branch", "main", "--testbed",
                       "ci", "--commit", fmt::format("c{}", r), file.string()},
                      dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  const auto result = run_perfwatch({"insights", "--format", "json"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto margins = Json::parse(result.out)["slo_margins"];
  ASSERT_EQ(margins.size(), 1u) << result.out;
  EXPECT_EQ(margins[0]["benchmark"], "parse");
  EXPECT_EQ(margins[0]["objective"], "latency <= 15 ms");
  EXPECT_NEAR(margins[0]["change_per_report"].get<double>(), -0.5 / 15, 0.002);
  EXPECT_NEAR(margins[0]["reports_left"].get<double>(), 3, 0.3);  // 1.5 ms left at 0.5 a report
  const auto text = run_perfwatch({"insights"}, dir.path());
  EXPECT_NE(text.out.find("Shrinking SLO margins"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace perfwatch
