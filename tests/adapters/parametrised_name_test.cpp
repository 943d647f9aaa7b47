// The split of parametrised benchmark names into benchmark and params: the shapes Google
// Benchmark's benchmark_register.cc and go test write, and the recorded real outputs of
// tests/fixtures/harness_outputs read through the adapters.
#include "adapters/parametrised_name.hpp"

#include <gtest/gtest.h>

#include <set>

#include "adapters/adapter.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

TEST(ParametrisedName, GoogleBenchmarkArgumentsBecomeArgN) {
  const auto split = split_google_benchmark_name("BM_SetInsert/1024/64");
  EXPECT_EQ(split.benchmark, "BM_SetInsert");
  EXPECT_EQ(split.params.dump(), R"({"arg0":1024,"arg1":64})");
}

TEST(ParametrisedName, GoogleBenchmarkNamedArgumentsKeepTheirNames) {
  const auto split = split_google_benchmark_name("BM_Copy/size:8/align:-1");
  EXPECT_EQ(split.benchmark, "BM_Copy");
  EXPECT_EQ(split.params.dump(), R"({"align":-1,"size":8})");
}

TEST(ParametrisedName, GoogleBenchmarkRunOptionsAreParamsAndTimeModeStaysInTheName) {
  const auto split = split_google_benchmark_name(
      "BM_Queue<int>/64/min_time:0.010/iterations:100/repeats:3/real_time/threads:4");
  EXPECT_EQ(split.benchmark, "BM_Queue<int>/real_time");
  EXPECT_EQ(split.params.dump(),
            R"({"arg0":64,"iterations":100,"min_time":0.01,"repeats":3,"threads":4})");
}

TEST(ParametrisedName, GoogleBenchmarkPlainNameHasNoParams) {
  const auto split = split_google_benchmark_name("BM_Fails");
  EXPECT_EQ(split.benchmark, "BM_Fails");
  EXPECT_EQ(split.params.dump(), "{}");
}

TEST(ParametrisedName, UnknownPartsStayInTheName) {
  // A custom ->Name("dense/small") is not a parameter: nothing is guessed.
  const auto split = split_google_benchmark_name("dense/small");
  EXPECT_EQ(split.benchmark, "dense/small");
  EXPECT_EQ(split.params.dump(), "{}");
}

TEST(ParametrisedName, GoKeyValuePartsAreParamsOthersStay) {
  const auto split = split_go_name("BenchmarkSort/algo=quick/size=1e3/sorted");
  EXPECT_EQ(split.benchmark, "BenchmarkSort/sorted");
  EXPECT_EQ(split.params.dump(), R"({"algo":"quick","size":1000.0})");
}

TEST(ParametrisedName, CriterionNumericLastPartIsTheParam) {
  const auto with_function = split_criterion_name("checksum/fnv1a/4096");
  EXPECT_EQ(with_function.benchmark, "checksum/fnv1a");
  EXPECT_EQ(with_function.params.dump(), R"({"param":4096})");
  const auto from_parameter = split_criterion_name("alloc/64");
  EXPECT_EQ(from_parameter.benchmark, "alloc");
  EXPECT_EQ(from_parameter.params.dump(), R"({"param":64})");
  // A function id, or a parameter that is not a number, stays in the name.
  EXPECT_EQ(split_criterion_name("sum/u64x1000").benchmark, "sum/u64x1000");
  EXPECT_EQ(split_criterion_name("parse/small").params.dump(), "{}");
}

TEST(ParametrisedName, ParameterValuesAreNumbersOnlyWhenWhole) {
  EXPECT_EQ(parameter_value("8"), 8);
  EXPECT_EQ(parameter_value("0.5"), 0.5);
  EXPECT_EQ(parameter_value("8x"), "8x");
  EXPECT_EQ(parameter_value("inf"), "inf");  // JSON holds no infinity
  EXPECT_EQ(parameter_value(""), "");
}

std::set<std::string> benchmarks_with_params(const std::string& fixture_name,
                                             const std::string& adapter_name) {
  const std::string text = testing::read_file(testing::fixture("harness_outputs/" + fixture_name));
  InputFile input{fixture_name, text};
  CollectingSink sink;
  find_adapter(adapter_name)->parse(input, sink);
  std::set<std::string> seen;
  for (const auto& metric : sink.metrics())
    seen.insert(metric.benchmark + " " + metric.params_json);
  return seen;
}

TEST(ParametrisedName, RecordedGoogleBenchmarkJsonIsOneBenchmarkPerFamily) {
  const std::set<std::string> expected = {R"(BM_Copy {"arg0":64})", R"(BM_Copy {"arg0":512})",
                                          R"(BM_Copy {"arg0":4096})", R"(BM_Sort {"arg0":1000})"};
  EXPECT_EQ(benchmarks_with_params("google_benchmark.json", "google_benchmark_json"), expected);
  EXPECT_EQ(benchmarks_with_params("google_benchmark_console.txt", "google_benchmark_console"),
            expected);
}

TEST(ParametrisedName, RecordedGoOutputSplitsSubBenchmarksAndProcs) {
  const std::set<std::string> expected = {
      R"(BenchmarkCopy {"pkg":"perfwatch.test/goharness","procs":2})",
      R"(BenchmarkSort {"pkg":"perfwatch.test/goharness","procs":2,"size":16})",
      R"(BenchmarkSort {"pkg":"perfwatch.test/goharness","procs":2,"size":256})"};
  EXPECT_EQ(benchmarks_with_params("go_bench.txt", "go_bench"), expected);
}

}  // namespace
}  // namespace perfwatch
