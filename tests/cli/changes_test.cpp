// perfwatch changes on a stored history with one step and one lone outlier, generated here.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;

TEST(ChangesCommand, FindsTheStepBetweenItsCommitsAndIgnoresTheOutlier) {
  testing::ScratchDir dir;
  // 32 reports: latency around 100 ns, 112 ns from commit c16 on; c7 is one wild run.
  // Throughput stays flat, give or take 0.5 %.
  for (int commit = 0; commit < 32; ++commit) {
    const double wobble = 1 + ((commit * 7) % 5 - 2) * 0.005;
    double latency = (commit < 16 ? 100 : 112) * wobble;
    if (commit == 7) latency = 300;
    const auto file = dir / fmt::format("r{}.json", commit);
    testing::write_file(file, fmt::format(R"({{"parse": {{"latency": {{"value": {}}},
                                              "throughput": {{"value": {}}}}}}})",
                                          latency, 1000 * wobble));
    auto stored = run_perfwatch({"ingest", "--branch", "main", "--testbed", "ci", "--commit",
                                 fmt::format("c{}", commit), file.string()},
                                dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  }
  auto result = run_perfwatch({"changes", "--format", "json"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto changes = nlohmann::json::parse(result.out);
  ASSERT_EQ(changes.size(), 1u) << result.out;
  EXPECT_EQ(changes[0]["measure"], "latency");
  EXPECT_EQ(changes[0]["kind"], "regression");
  EXPECT_EQ(changes[0]["last_commit_before"], "c15");
  EXPECT_EQ(changes[0]["first_commit_after"], "c16");
  EXPECT_NEAR(changes[0]["change"].get<double>(), 0.12, 0.01);

  auto table = run_perfwatch({"changes", "--measure", "latency"}, dir.path());
  EXPECT_NE(table.out.find("c15..c16"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("1 step changes in 1 series"), std::string::npos) << table.out;
  EXPECT_EQ(run_perfwatch({"changes", "--branch", "nope"}, dir.path()).exit_code, 2);
}

TEST(ChangesCommand, KeepsWhatItFoundAndExaminesOnlyWhatIsNew) {
  testing::ScratchDir dir;
  const auto store = [&](int commit, double latency) {
    const auto file = dir / fmt::format("r{}.json", commit);
    testing::write_file(file,
                        fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}}})", latency));
    auto stored = run_perfwatch({"ingest", "--branch", "main", "--testbed", "ci", "--commit",
                                 fmt::format("c{}", commit), file.string()},
                                dir.path());
    ASSERT_EQ(stored.exit_code, 0) << stored.err;
  };
  // 100 ns, 120 ns from c12 on; then, after a first run, 130 ns from c24 on.
  const auto level = [](int commit) { return commit < 12 ? 100 : commit < 24 ? 120 : 130; };
  for (int commit = 0; commit < 24; ++commit) store(commit, level(commit) + commit % 3);
  const auto footer = [&] {
    auto run = run_perfwatch({"changes"}, dir.path());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  };
  EXPECT_NE(footer().find("1 step changes in 1 series (1 examined from scratch, 0 after"),
            std::string::npos);
  EXPECT_NE(footer().find("(0 examined from scratch, 0 after their last change point only, 1 "
                          "unchanged"),
            std::string::npos);
  for (int commit = 24; commit < 36; ++commit) store(commit, level(commit) + commit % 3);
  const auto updated = footer();
  EXPECT_NE(updated.find("2 step changes in 1 series (0 examined from scratch, 1 after"),
            std::string::npos)
      << updated;
  EXPECT_NE(updated.find("c23..c24"), std::string::npos) << updated;
  // Other settings are other results: examined from scratch, the kept state left alone.
  auto strict = run_perfwatch({"changes", "--max-p", "1e-9"}, dir.path());
  EXPECT_NE(strict.out.find("(1 examined from scratch"), std::string::npos) << strict.out;
  EXPECT_NE(footer().find("1 unchanged"), std::string::npos);
}

}  // namespace
}  // namespace perfwatch
