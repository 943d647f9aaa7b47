// perfwatch check on two generated reports of a benchmark measured at eight sizes: a growth law
// that rose between the commits (O(n) -> O(n^1.5)) fails the check and is named in its output,
// even though every size measured is as fast as before; the same law with other noise does not.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using Json = nlohmann::json;

class ComplexityCheck : public ::testing::Test {
 protected:
  // One report of `sort` at n = 64 .. 8192: 5 + scale * n^exponent ms, 2% seeded noise.
  void ingest(const std::string& commit, double exponent, double scale, unsigned seed) {
    std::mt19937_64 engine(seed);
    std::normal_distribution<double> noise(0, 0.02);
    Json receipt = {{"perfwatch_receipt", 1}, {"benchmarks", Json::array()}};
    for (double n = 64; n <= 8192; n *= 2) {
      const Json params = {{"n", n}, {"input", "random"}};
      receipt["benchmarks"].push_back(
          {{"benchmark", "sort"},
           {"params", params},
           {"metrics",
            {{{"benchmark", "sort"},
              {"params", params},
              {"measure", "latency"},
              {"units", "ms"},
              {"direction", "lower_is_better"},
              {"value", (5 + scale * std::pow(n, exponent)) * (1 + noise(engine))}}}}});
    }
    const auto file = dir_ / (commit + ".json");
    testing::write_file(file, receipt.dump());
    const auto stored =
        run_perfwatch({"ingest", "--adapter", "perfwatch_receipt", "--project", "p", "--branch",
                       "main", "--testbed", "ci", "--commit", commit, file.string()},
                      dir_.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  testing::ScratchDir dir_;
};

TEST_F(ComplexityCheck, ARiseInTheExponentFailsAndIsNamed) {
  ingest("aaaa", 1, 0.01, 1);
  ingest("bbbb", 1.5, 0.01 / std::sqrt(8192.0), 2);
  const auto json = run_perfwatch({"check", "--format", "json"}, dir_.path());
  EXPECT_EQ(json.exit_code, 1) << json.out << json.err;
  const auto changes = Json::parse(json.out)["complexity_changes"];
  ASSERT_EQ(changes.size(), 1u) << json.out;
  EXPECT_EQ(changes[0]["benchmark"], "sort");
  EXPECT_EQ(changes[0]["parameter"], "n");
  EXPECT_EQ(changes[0]["params"], Json({{"input", "random"}}));
  EXPECT_EQ(changes[0]["change"], "rose");
  EXPECT_DOUBLE_EQ(changes[0]["before"]["exponent"].get<double>(), 1);
  EXPECT_DOUBLE_EQ(changes[0]["after"]["exponent"].get<double>(), 1.5);
  const auto text = run_perfwatch({"check"}, dir_.path());
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("COMPLEXITY ROSE"), std::string::npos) << text.out;
  EXPECT_EQ(run_perfwatch({"check", "--fail-on", "slo"}, dir_.path()).exit_code, 0);
  // The pull request's summary names it in its model section.
  const auto summary = run_perfwatch({"report", "--format", "markdown"}, dir_.path());
  EXPECT_NE(summary.out.find("**Scaling and predictions**"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find("- complexity: sort"), std::string::npos) << summary.out;
}

TEST_F(ComplexityCheck, TheSameGrowthWithOtherNoisePasses) {
  ingest("aaaa", 1, 0.01, 1);
  ingest("bbbb", 1, 0.01, 2);
  const auto json = run_perfwatch({"check", "--format", "json"}, dir_.path());
  EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
  EXPECT_TRUE(Json::parse(json.out)["complexity_changes"].empty());
  const auto summary = run_perfwatch({"report", "--format", "json"}, dir_.path());
  EXPECT_TRUE(Json::parse(summary.out)["model_notes"].empty()) << summary.out;
}

}  // namespace
}  // namespace perfwatch
