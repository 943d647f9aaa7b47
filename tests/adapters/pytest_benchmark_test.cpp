// The pytest-benchmark adapter against real output of tests/harnesses/pytest, run here with
// Debian's pytest-benchmark; the expected numbers come from the same JSON, read with nlohmann.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::CollectingSink;

// Runs the harness module into `dir`/bench.json and returns that file's text.
std::string run_harness(const testing::ScratchDir& dir) {
  const auto out = dir / "bench.json";
  auto result = testing::run_command(
      {"/usr/bin/python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
       "--benchmark-json=" + out.string(), "--benchmark-save-data", "--benchmark-min-rounds=5",
       "--benchmark-max-time=0.02",
       // Node ids are relative to the root directory, which pytest otherwise guesses from the
       // common ancestor of the working directory and the module.
       "--rootdir=" + std::filesystem::path(PYTEST_HARNESS).parent_path().string(), PYTEST_HARNESS},
      dir.path(), {{"PYTHONDONTWRITEBYTECODE", "1"}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  return testing::read_file(out);
}

std::string parse_error(std::string text) {
  InputFile input{"pytest.json", std::move(text)};
  CollectingSink sink;
  try {
    find_adapter("pytest_benchmark")->parse(input, sink);
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

class PytestBenchmarkAdapterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::ScratchDir;
    text_ = new std::string(run_harness(*dir_));
  }
  static void TearDownTestSuite() {
    delete text_;
    delete dir_;
  }
  static testing::ScratchDir* dir_;
  static std::string* text_;
};
testing::ScratchDir* PytestBenchmarkAdapterTest::dir_ = nullptr;
std::string* PytestBenchmarkAdapterTest::text_ = nullptr;

TEST_F(PytestBenchmarkAdapterTest, MapsEveryBenchmarkOfRealOutput) {
  const auto document = nlohmann::json::parse(*text_);
  InputFile input{"bench.json", *text_};
  const Adapter& adapter = detect_adapter(input);
  ASSERT_EQ(adapter.name(), "pytest_benchmark");
  CollectingSink sink;
  adapter.parse(input, sink);

  EXPECT_EQ(sink.tool_version(), "pytest-benchmark " + document["version"].get<std::string>());
  ASSERT_EQ(document["benchmarks"].size(), 3u);
  ASSERT_EQ(sink.metrics().size(), 6u);
  // The metric of (benchmark, params, measure): a parametrised test's entries share a name.
  auto find = [&](const std::string& name, const std::string& params,
                  const std::string& measure) -> const OwnedMetric& {
    for (const auto& metric : sink.metrics()) {
      if (metric.benchmark == name && metric.params_json == params &&
          metric.measure.slug == measure) {
        return metric;
      }
    }
    ADD_FAILURE() << name << " " << params << " " << measure << " not found";
    return sink.metrics().front();
  };
  for (const auto& entry : document["benchmarks"]) {
    const auto fullname = entry["fullname"].get<std::string>();
    const auto name = fullname.substr(0, fullname.find('['));  // the id becomes params
    const auto params = entry["params"].is_null() ? std::string("{}") : entry["params"].dump();
    SCOPED_TRACE(fullname);
    const auto& stats = entry["stats"];
    const auto& latency = find(name, params, "latency");
    EXPECT_EQ(latency.measure.units, "ns");
    EXPECT_EQ(latency.measure.direction, Direction::lower_is_better);
    EXPECT_DOUBLE_EQ(latency.value, stats["mean"].get<double>() * 1e9);
    EXPECT_DOUBLE_EQ(*latency.lower, stats["min"].get<double>() * 1e9);
    EXPECT_DOUBLE_EQ(*latency.upper, stats["max"].get<double>() * 1e9);
    EXPECT_EQ(latency.n, stats["rounds"].get<int64_t>());
    ASSERT_GE(stats["rounds"].get<int64_t>(), 5);
    ASSERT_EQ(latency.samples.size(), stats["data"].size());
    for (std::size_t index = 0; index < latency.samples.size(); ++index) {
      EXPECT_DOUBLE_EQ(latency.samples[index], stats["data"][index].get<double>() * 1e9);
    }
    const auto& throughput = find(name, params, "throughput");
    EXPECT_EQ(throughput.measure.direction, Direction::higher_is_better);
    EXPECT_DOUBLE_EQ(throughput.value, stats["ops"].get<double>());
    EXPECT_EQ(throughput.n, stats["rounds"].get<int64_t>());
  }
  // test_sum[10] and test_sum[1000] are one benchmark with two params.
  find("test_sum_bench.py::test_sum", R"({"size":10})", "latency");
  find("test_sum_bench.py::test_sum", R"({"size":1000})", "throughput");
  EXPECT_EQ(sink.find("test_sum_bench.py::test_sorted", "latency").params_json, "{}");
}

TEST_F(PytestBenchmarkAdapterTest, WrongTypeNamesTheJsonPath) {
  auto document = nlohmann::json::parse(*text_);
  document["benchmarks"][1]["stats"]["mean"] = "fast";
  EXPECT_EQ(parse_error(document.dump(2)),
            "pytest.json: at benchmarks[1].stats.mean: expected a number");
  document = nlohmann::json::parse(*text_);
  document["benchmarks"][2]["stats"]["data"][3] = nullptr;
  EXPECT_EQ(parse_error(document.dump()),
            "pytest.json: at benchmarks[2].stats.data[3]: expected a number");
}

TEST_F(PytestBenchmarkAdapterTest, TruncatedFileNamesLineAndColumn) {
  // Cut after the 7th character of line 5 of the real output (indentation): the error is at the
  // end of the input, column 8.
  std::size_t cut = 0;
  for (int line = 1; line < 5; ++line) cut = text_->find('\n', cut) + 1;
  const auto message = parse_error(text_->substr(0, cut + 7));
  EXPECT_EQ(message.rfind("pytest.json: line 5, column 8: malformed JSON: ", 0), 0u) << message;
}

}  // namespace
}  // namespace perfwatch
