// The split of params into the modelled parameter and the rest, and the untested cells of a
// matrix with their predictions (model/parameters.hpp, model/untested.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "model/parameters.hpp"
#include "model/untested.hpp"

namespace perfwatch::model {
namespace {

TEST(Parameters, NumbersAndNumericTextArePositiveNumbers) {
  EXPECT_EQ(positive_number(nlohmann::json(8)), 8.0);
  EXPECT_EQ(positive_number(nlohmann::json("32")), 32.0);
  EXPECT_EQ(positive_number(nlohmann::json("0.5")), 0.5);
  EXPECT_FALSE(positive_number(nlohmann::json("32x")));
  EXPECT_FALSE(positive_number(nlohmann::json("cuda")));
  EXPECT_FALSE(positive_number(nlohmann::json(0)));
  EXPECT_FALSE(positive_number(nlohmann::json("-4")));
  EXPECT_FALSE(positive_number(nlohmann::json(true)));
}

TEST(Parameters, ChoosesTheParameterWithTheMostValuesAndSplitsTheRest) {
  const std::vector<nlohmann::json> params = {
      {{"batch_size", "1"}, {"threads", 4}, {"device", "cuda"}},
      {{"batch_size", "8"}, {"threads", 4}, {"device", "cuda"}},
      {{"batch_size", "32"}, {"threads", 8}, {"device", "cpu"}}};
  EXPECT_EQ(choose_parameter(params), "batch_size");
  EXPECT_EQ(choose_parameter({{{"n", 1}}, {{"n", 1}}}), "") << "one value models nothing";
  const auto split = split_params(params[1], "batch_size");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->x, 8);
  EXPECT_EQ(split->group, R"({"device":"cuda","threads":4})");
  EXPECT_FALSE(split_params({{"device", "cpu"}}, "batch_size"));
  EXPECT_EQ(split_params(nlohmann::json::object(), "")->group, "");
}

// Two testbeds, one twice as fast, over three benchmarks at x = 1, 2, 4; "b" at x = 4 and "c"
// at x = 1 never ran on the slow one.
Matrix two_testbeds() {
  std::vector<Observation> cells;
  for (const auto* benchmark : {"a", "b", "c"}) {
    for (const double x : {1.0, 2.0, 4.0}) {
      const double base = (benchmark[0] - 'a' + 1) * std::pow(x, 0.7);
      cells.push_back({benchmark, "", "fast", x, base});
      const bool missing = (benchmark[0] == 'b' && x == 4) || (benchmark[0] == 'c' && x == 1);
      if (!missing) cells.push_back({benchmark, "", "slow", x, 2 * base});
    }
  }
  return Matrix(cells);
}

TEST(Untested, PredictsEveryCellNeverRunAndOnlyThose) {
  const auto matrix = two_testbeds();
  const Predictor predictor(matrix);
  const auto cells = predict_untested(matrix, predictor);
  ASSERT_EQ(cells.size(), 2u);
  for (const auto& cell : cells) {
    EXPECT_EQ(cell.target.testbed, "slow");
    EXPECT_EQ(cell.target.value, 0) << "an untested cell carries no measured value";
    EXPECT_FALSE(matrix.find_cell(cell.row, *matrix.find_column("slow")));
    const double truth = 2 * (cell.target.benchmark[0] - 'a' + 1) * std::pow(cell.target.x, 0.7);
    EXPECT_NEAR(cell.prediction.value / truth, 1, 0.15) << cell.target.benchmark;
  }
  const auto only_c = predict_untested(
      matrix, predictor,
      [](const Observation& row, const std::string&) { return row.benchmark == "c"; });
  ASSERT_EQ(only_c.size(), 1u);
  EXPECT_EQ(only_c[0].target.x, 1);
}

TEST(Untested, LeastSureIsTheWidestIntervalFirst) {
  std::vector<UntestedCell> cells(3);
  cells[0].prediction = {10, 9, 11};
  cells[1].prediction = {10, 5, 20};
  cells[2].prediction = {10, 8, 13};
  const auto top = least_sure(cells, 2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].prediction.low, 5);
  EXPECT_EQ(top[1].prediction.low, 8);
  EXPECT_EQ(describe_row({"bert", R"({"p":"fp16"})", "gpu", 8, 0}, "batch_size"),
            R"(bert batch_size=8 {"p":"fp16"})");
}

}  // namespace
}  // namespace perfwatch::model
