// perfwatch compare on generated `go test -bench -count` outputs, as files and as stored
// branches.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// Ten runs of BenchmarkParse at `parse_ns` and BenchmarkFormat at 500 ns, +-1 % alternating.
std::string go_output(double parse_ns) {
  std::string text = "goos: linux\ngoarch: amd64\npkg: example.com/parse\n";
  for (int run = 0; run < 10; ++run) {
    const double wobble = 1 + ((run % 5) - 2) * 0.005;
    text += fmt::format("BenchmarkParse-2   \t 1000000\t {:.1f} ns/op\n", parse_ns * wobble);
    text += fmt::format("BenchmarkFormat-2  \t 1000000\t {:.1f} ns/op\n", 500 * wobble);
  }
  return text + "PASS\nok  \texample.com/parse\t3.2s\n";
}

std::string verdict_of(const nlohmann::json& comparison, const std::string& benchmark) {
  for (const auto& series : comparison["series"]) {
    if (series["benchmark"] == benchmark && series["measure"] == "latency") {
      return series["verdict"];
    }
  }
  return "absent";
}

// Stores main at 1,000 ns and a branch "feature" at 800 ns, each as its own commit.
void store_main_and_a_faster_feature(const ScratchDir& dir) {
  testing::write_file(dir / "main.txt", go_output(1000));
  testing::write_file(dir / "feature.txt", go_output(800));
  for (const auto& branch : {"main", "feature"}) {
    auto stored = run_perfwatch(
        {"ingest", "--branch", branch, "--commit", branch, std::string(branch) + ".txt"},
        dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
}

TEST(CompareCommand, FilesSideBySide) {
  ScratchDir dir;
  testing::write_file(dir / "old.txt", go_output(1000));
  testing::write_file(dir / "new.txt", go_output(1200));
  auto table = run_perfwatch({"compare", "old.txt", "new.txt"}, dir.path());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("+20.0%"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("geomean"), std::string::npos) << table.out;
  auto json = run_perfwatch({"compare", "old.txt", "new.txt", "--format", "json"}, dir.path());
  const auto comparison = nlohmann::json::parse(json.out);
  EXPECT_EQ(verdict_of(comparison, "BenchmarkParse"), "worse");
  EXPECT_EQ(verdict_of(comparison, "BenchmarkFormat"), "~");
  EXPECT_EQ(
      run_perfwatch({"compare", "old.txt", "new.txt", "--fail-on", "worse"}, dir.path()).exit_code,
      1);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

TEST(CompareCommand, MarkdownIsAPullRequestSection) {
  ScratchDir dir;
  testing::write_file(dir / "old.txt", go_output(1000));
  testing::write_file(dir / "new.txt", go_output(1200));
  auto markdown =
      run_perfwatch({"compare", "old.txt", "new.txt", "--format", "markdown"}, dir.path());
  ASSERT_EQ(markdown.exit_code, 0) << markdown.err;
  EXPECT_NE(markdown.out.find("### perfwatch compare: "), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("| benchmark | measure | base |"), std::string::npos);
  EXPECT_NE(markdown.out.find("| BenchmarkParse {"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("| +20.0% |"), std::string::npos) << markdown.out;
  EXPECT_NE(markdown.out.find("| worse |"), std::string::npos) << markdown.out;
}

TEST(CompareCommand, BranchesByTheirNewestReports) {
  ScratchDir dir;
  store_main_and_a_faster_feature(dir);
  auto json = run_perfwatch({"compare", "main", "feature", "--format", "json"}, dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(verdict_of(nlohmann::json::parse(json.out), "BenchmarkParse"), "better");
}

// A harness may report a sample as infinite (a timer that overflowed); such samples say nothing
// about a distribution and are left out of the comparison, which still answers.
TEST(CompareCommand, InfiniteStoredSamplesAreLeftOut) {
  ScratchDir dir;
  store_main_and_a_faster_feature(dir);
  auto damaged = run_perfwatch(
      {"sql", "--write", "UPDATE metric SET samples = list_append(samples, 'inf'::DOUBLE)"},
      dir.path());
  ASSERT_EQ(damaged.exit_code, 0) << damaged.err;
  auto json = run_perfwatch({"compare", "main", "feature", "--format", "json"}, dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(verdict_of(nlohmann::json::parse(json.out), "BenchmarkParse"), "better");
}

TEST(CompareCommand, UnknownSideIsAnInputError) {
  ScratchDir dir;
  testing::write_file(dir / "old.txt", go_output(1000));
  auto result = run_perfwatch({"compare", "old.txt", "nowhere"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("CANDIDATE: 'nowhere' is not a file"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace perfwatch
