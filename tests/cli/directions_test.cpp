// Measures whose harness does not say which way is better, on real Google Benchmark output:
// compare lists them without judging them, and says so once, until their direction is declared
// in perfwatch.toml or by --direction.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

// How much faster the candidate's sort is than the real run it is made from: far beyond the
// spread of the run's repetitions, so that the comparison's tests are not in doubt (1.5 failed
// once on a 2-core VM at load 10: the run is real, its spread is not ours to choose).
constexpr double kFaster = 3;

// A real run of the harness's BM_Sort (10 repetitions) as base.json, and as faster.json the same
// run kFaster times faster: times divided, rates (items_per_second and the user counter
// `comparisons`, a kIsRate counter) multiplied; the `elements` counter is unchanged.
void write_base_and_faster(const ScratchDir& dir) {
  const auto run = testing::run_command({GOOGLE_BENCHMARK_HARNESS, "--benchmark_format=json",
                                         "--benchmark_min_time=0.01", "--benchmark_repetitions=10",
                                         "--benchmark_filter=BM_Sort"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  testing::write_file(dir / "base.json", run.out);
  auto document = nlohmann::ordered_json::parse(run.out);  // in order: detection reads the head
  for (auto& entry : document["benchmarks"]) {
    if (entry["run_type"] == "aggregate" && entry["aggregate_name"] == "cv") continue;
    for (const auto* key : {"real_time", "cpu_time"})
      entry[key] = entry[key].get<double>() / kFaster;
    for (const auto* key : {"items_per_second", "comparisons"}) {
      entry[key] = entry[key].get<double>() * kFaster;
    }
  }
  testing::write_file(dir / "faster.json", document.dump(2));
}

std::string verdict_of(const nlohmann::json& comparison, const std::string& measure) {
  for (const auto& series : comparison["series"]) {
    if (series["measure"] == measure) return series["verdict"];
  }
  return "absent";
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

TEST(Directions, UserCountersOfAFasterRunAreListedNotJudged) {
  ScratchDir dir;
  write_base_and_faster(dir);
  // Before: `comparisons` was lower-is-better by guess, so this exited 1 on a faster run.
  auto table =
      run_perfwatch({"compare", "base.json", "faster.json", "--fail-on", "worse"}, dir.path());
  EXPECT_EQ(table.exit_code, 0) << table.out << table.err;
  EXPECT_EQ(occurrences(table.out, "undeclared"), 2u) << table.out;  // comparisons, elements
  EXPECT_EQ(occurrences(table.out, "not judged"), 1u) << table.out;
  EXPECT_NE(table.out.find("which way is better: comparisons, elements; declare each in "
                           "perfwatch.toml ([[measure]] name = \"comparisons\""),
            std::string::npos)
      << table.out;

  auto json =
      run_perfwatch({"compare", "base.json", "faster.json", "--format", "json"}, dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto comparison = nlohmann::json::parse(json.out);
  EXPECT_EQ(verdict_of(comparison, "latency"), "better");
  EXPECT_EQ(verdict_of(comparison, "items_per_second"), "better");
  EXPECT_EQ(verdict_of(comparison, "comparisons"), "undeclared");
  EXPECT_EQ(comparison["undeclared_directions"],
            nlohmann::json::array({"comparisons", "elements"}));
  EXPECT_EQ(occurrences(json.err, "not judged"), 1u) << json.err;
}

TEST(Directions, DeclaredInPerfwatchTomlOrByFlagTheyAreJudged) {
  ScratchDir dir;
  write_base_and_faster(dir);
  auto flag = run_perfwatch({"compare", "--direction", "comparisons=higher", "base.json",
                             "faster.json", "--format", "json"},
                            dir.path());
  ASSERT_EQ(flag.exit_code, 0) << flag.err;
  const auto comparison = nlohmann::json::parse(flag.out);
  EXPECT_EQ(verdict_of(comparison, "comparisons"), "better");
  EXPECT_EQ(comparison["undeclared_directions"], nlohmann::json::array({"elements"}));

  // Declared the other way, the same numbers are a regression: the declaration is what judges.
  testing::write_file(dir / "perfwatch.toml",
                      "[[measure]]\nname = \"comparisons\"\ndirection = \"lower\"\n");
  auto toml =
      run_perfwatch({"compare", "base.json", "faster.json", "--fail-on", "worse"}, dir.path());
  EXPECT_EQ(toml.exit_code, 1) << toml.out << toml.err;
  EXPECT_NE(toml.out.find("which way is better: elements;"), std::string::npos) << toml.out;
}

TEST(Directions, UnknownIsStoredAndReadBack) {
  ScratchDir dir;
  write_base_and_faster(dir);
  for (const auto& [branch, file] : {std::pair{"main", "base.json"}, {"feature", "faster.json"}}) {
    auto stored =
        run_perfwatch({"ingest", "--branch", branch, "--commit", branch, file}, dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  auto json = run_perfwatch(
      {"compare", "main", "feature", "--format", "json", "--direction", "elements=higher"},
      dir.path());
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto comparison = nlohmann::json::parse(json.out);
  EXPECT_EQ(verdict_of(comparison, "comparisons"), "undeclared");
  EXPECT_EQ(comparison["undeclared_directions"], nlohmann::json::array({"comparisons"}));
  auto measures =
      run_perfwatch({"sql", "SELECT slug, direction FROM measure ORDER BY slug"}, dir.path());
  EXPECT_NE(measures.out.find("comparisons"), std::string::npos) << measures.out;
  EXPECT_EQ(occurrences(measures.out, "unknown"), 2u) << measures.out;
}

// check over a history of the real run (stored for six commits), then the faster run.
TEST(Directions, CheckListsUndeclaredMeasuresOnceAndJudgesDeclaredOnes) {
  ScratchDir dir;
  write_base_and_faster(dir);
  for (int commit = 0; commit < 6; ++commit) {
    auto stored = run_perfwatch({"ingest", "--commit", "c" + std::to_string(commit), "base.json"},
                                dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  auto stored = run_perfwatch({"ingest", "--commit", "c6", "faster.json"}, dir.path());
  ASSERT_EQ(stored.exit_code, 0) << stored.err;

  auto table = run_perfwatch({"check"}, dir.path());
  EXPECT_EQ(table.exit_code, 0) << table.out << table.err;
  EXPECT_EQ(occurrences(table.out, "undeclared"), 2u) << table.out;
  EXPECT_EQ(occurrences(table.out, "not judged"), 1u) << table.out;
  EXPECT_NE(table.out.find("which way is better: comparisons, elements;"), std::string::npos)
      << table.out;

  // Declared the wrong way round, the faster sort's 50% more comparisons fail at once: a count
  // whose history has no spread is judged exactly.
  auto declared =
      run_perfwatch({"check", "--format", "json", "--direction", "comparisons=lower"}, dir.path());
  const auto verdicts = nlohmann::json::parse(declared.out)["verdicts"];
  std::map<std::string, std::string> status;
  for (const auto& verdict : verdicts) status[verdict["measure"]] = verdict["status"];
  EXPECT_EQ(status["comparisons"], "red") << declared.out;
  EXPECT_EQ(status["elements"], "undeclared");
  EXPECT_EQ(status["latency"], "improved") << declared.out;
  EXPECT_EQ(declared.exit_code, 1) << declared.err;
  EXPECT_EQ(occurrences(declared.err, "not judged"), 1u) << declared.err;
}

TEST(Directions, BadDeclarationsAreInputErrorsNamingWhere) {
  ScratchDir dir;
  write_base_and_faster(dir);
  auto flag = run_perfwatch(
      {"compare", "base.json", "faster.json", "--direction", "comparisons=up"}, dir.path());
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("--direction comparisons=up: direction of measure 'comparisons' must "
                          "be \"lower\" or \"higher\""),
            std::string::npos)
      << flag.err;
  testing::write_file(dir / "perfwatch.toml",
                      "[[measure]]\nname = \"comparisons\"\ndirection = \"more\"\n");
  auto toml = run_perfwatch({"compare", "base.json", "faster.json"}, dir.path());
  EXPECT_EQ(toml.exit_code, 2);
  EXPECT_NE(toml.err.find("perfwatch.toml: line 3, column 13: direction of measure"),
            std::string::npos)
      << toml.err;
  EXPECT_TRUE(toml.out.empty()) << toml.out;
}

}  // namespace
}  // namespace perfwatch
