// The Criterion results folder against tests/fixtures/criterion_directory, written by the real
// Criterion.rs 0.3 (tests/harnesses/criterion/make-fixture). Expected numbers are read from the
// same files with nlohmann; the cargo bench text of the same run is a second, independent source.
#include "adapters/criterion_directory.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "adapters/adapter.hpp"
#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

namespace fs = std::filesystem;
using testing::CollectingSink;

const fs::path results = testing::fixture("criterion_directory");

nlohmann::json json_of(const fs::path& path) {
  return nlohmann::json::parse(testing::read_file(path));
}

CollectingSink parse_folder(const fs::path& folder) {
  CollectingSink sink;
  CriterionDirectory(folder).parse(sink);
  return sink;
}

TEST(CriterionDirectory, RecognisesOnlyFoldersWithResults) {
  EXPECT_TRUE(is_criterion_directory(results));
  EXPECT_FALSE(is_criterion_directory(testing::fixture("jmh")));
}

TEST(CriterionDirectory, MapsHeadlineEstimateBoundsAndPerIterationSamples) {
  const auto sink = parse_folder(results);
  const auto folder = results / "checksum" / "fnv1a" / "256" / "new";
  const auto estimates = json_of(folder / "estimates.json");
  const auto& headline =
      estimates.at("slope").is_null() ? estimates.at("mean") : estimates.at("slope");
  const auto& latency = sink.find("checksum/fnv1a", "latency", R"({"param":256})");
  EXPECT_DOUBLE_EQ(latency.value, headline.at("point_estimate").get<double>());
  EXPECT_DOUBLE_EQ(*latency.lower,
                   headline.at("confidence_interval").at("lower_bound").get<double>());
  EXPECT_DOUBLE_EQ(*latency.upper,
                   headline.at("confidence_interval").at("upper_bound").get<double>());

  const auto sample = json_of(folder / "sample.json");
  ASSERT_EQ(latency.samples.size(), sample.at("iters").size());
  EXPECT_EQ(latency.n, static_cast<int64_t>(latency.samples.size()));
  for (std::size_t i = 0; i < latency.samples.size(); ++i) {
    EXPECT_DOUBLE_EQ(latency.samples[i],
                     sample.at("times")[i].get<double>() / sample.at("iters")[i].get<double>());
  }
}

TEST(CriterionDirectory, ThroughputBecomesARateWithInvertedBounds) {
  const auto sink = parse_folder(results);
  const auto& latency = sink.find("checksum/fnv1a", "latency", R"({"param":4096})");
  const auto& bytes = sink.find("checksum/fnv1a", "bytes_per_second", R"({"param":4096})");
  EXPECT_DOUBLE_EQ(bytes.value, 4096 * 1e9 / latency.value);
  EXPECT_DOUBLE_EQ(*bytes.lower, 4096 * 1e9 / *latency.upper);
  EXPECT_DOUBLE_EQ(*bytes.upper, 4096 * 1e9 / *latency.lower);
  const auto& items = sink.find("sum/u64x1000", "items_per_second");
  EXPECT_DOUBLE_EQ(items.value, 1000 * 1e9 / sink.find("sum/u64x1000", "latency").value);
  EXPECT_EQ(sink.metrics().size(), 4u + 3u);  // four latencies, three with a throughput
}

// cargo bench prints the same estimates rounded to five significant digits.
TEST(CriterionDirectory, AgreesWithTheTextOfTheSameRun) {
  const auto folder_metrics = parse_folder(results);
  InputFile text{"cargo-bench.txt", testing::read_file(results / "cargo-bench.txt")};
  CollectingSink text_metrics;
  find_adapter("criterion_text")->parse(text, text_metrics);
  ASSERT_EQ(text_metrics.metrics().size(), folder_metrics.metrics().size());
  for (const auto& printed : text_metrics.metrics()) {
    // Both inputs split the id alike: the same benchmark and params.
    const auto& stored =
        folder_metrics.find(printed.benchmark, printed.measure.slug, printed.params_json);
    EXPECT_NEAR(stored.value / printed.value, 1.0, 1e-4) << printed.benchmark;
    EXPECT_NEAR(*stored.lower / *printed.lower, 1.0, 1e-4) << printed.benchmark;
  }
}

TEST(CriterionDirectory, MalformedEstimatesNameTheFileAndPlace) {
  testing::ScratchDir dir;
  fs::copy(results, dir.path(), fs::copy_options::recursive);
  const auto estimates = dir / "sum/u64x1000/new/estimates.json";
  auto document = json_of(estimates);
  document["mean"].erase("point_estimate");
  document["slope"] = nullptr;
  testing::write_file(estimates, document.dump());
  CollectingSink sink;
  try {
    CriterionDirectory(dir.path()).parse(sink);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("u64x1000/new/estimates.json: at mean"),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace perfwatch
