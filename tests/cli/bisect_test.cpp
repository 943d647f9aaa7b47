#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_command;
using testing::run_perfwatch;
using testing::ScratchDir;

// The benchmark's loop counts: before and after the change. Long enough that the loop, not the
// shell's start-up, makes most of a run's CPU time also on a loaded machine (at load 10 the
// start-up takes ~25 ms; 1,000 against 2,000 steps measured only +7-11 %).
const char* const kFastCount = "8000\n";
const char* const kSlowCount = "16000\n";

// A repository of `commits` commits; from `slow_from` on the benchmark loops twice as long; the
// commit `broken` does not build.
std::vector<std::string> make_history(const std::filesystem::path& repo, int commits, int slow_from,
                                      int broken) {
  run_command({"git", "init", "-q", repo.string()});
  run_command({"git", "config", "user.email", "test@example.com"}, repo);
  run_command({"git", "config", "user.name", "test"}, repo);
  testing::write_file(repo / "perfwatch.toml",
                      "[[benchmark]]\nname = \"loop\"\nshell = true\ncommand = '''n=$(cat "
                      "count.txt); i=0; while [ $i -lt $n ]; do i=$((i+1)); done'''\n\n"
                      "[build]\ncommand = \"test ! -e broken\"\n");
  std::vector<std::string> hashes;
  for (int i = 0; i < commits; ++i) {
    testing::write_file(repo / "count.txt", i >= slow_from ? kSlowCount : kFastCount);
    if (i == broken) {
      testing::write_file(repo / "broken", "");
    } else {
      std::filesystem::remove(repo / "broken");
    }
    run_command({"git", "add", "-A"}, repo);
    run_command({"git", "commit", "-q", "--allow-empty", "-m", "c" + std::to_string(i)}, repo);
    hashes.push_back(run_command({"git", "rev-parse", "HEAD"}, repo).out.substr(0, 40));
  }
  return hashes;
}

// The step measures +35-40 % (the shell's start-up dilutes the doubled loop). A 10 % minimum
// change keeps a bias between two builds of the same code (+3.5 %, p < 0.001, once on a loaded
// fresh machine) from reading as a change: these tests are about the search, not sensitivity.
const std::vector<std::string> kFlags = {"--time",       "cpu", "--max-runs", "200",
                                         "--min-change", "0.1", "--format",   "json"};

nlohmann::json bisect(const std::filesystem::path& repo, const std::string& good,
                      const std::string& bad, std::string* err = nullptr) {
  std::vector<std::string> args = {"bisect", good, bad};
  args.insert(args.end(), kFlags.begin(), kFlags.end());
  const auto result = run_perfwatch(args, repo);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  if (err) *err = result.err;
  return nlohmann::json::parse(result.out);
}

TEST(Bisect, FindsTheCulpritAndNamesTheSkippedCommit) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto hashes = make_history(repo, 8, 5, 3);
  std::string progress;
  const auto json = bisect(repo, hashes.front(), hashes.back(), &progress);
  EXPECT_EQ(json["answer"], "culprit");
  EXPECT_EQ(json["last_bad"], hashes[5]);
  EXPECT_EQ(json["first_good"], hashes[4]);
  EXPECT_GT(json["ratio"].get<double>(), 1.2);
  EXPECT_LE(json["commits_built"].get<int>(), 3 + 2);  // log2(8) + 2
  EXPECT_NE(progress.find("GOOD against BAD"), std::string::npos);
  // The first middle is commit 3, which does not build.
  EXPECT_NE(progress.find("commit 3 skipped"), std::string::npos) << progress;
  EXPECT_EQ(json["skipped"], nlohmann::json::array({hashes[3]}));
}

TEST(Bisect, SecondBisectReusesPairsAndBuilds) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto hashes = make_history(repo, 8, 5, -1);
  bisect(repo, hashes.front(), hashes.back());
  std::string progress;
  // GOOD..5 overlaps GOOD..7: GOOD against 5 was measured, and commits 0, 3, 4, 5 were built.
  const auto again = bisect(repo, hashes.front(), hashes[5], &progress);
  EXPECT_EQ(again["last_bad"], hashes[5]);
  EXPECT_LT(again["builds_run"].get<int>(), again["commits_built"].get<int>());
  EXPECT_NE(progress.find("reused"), std::string::npos) << progress;
}

// Main's commits m0..m3; a branch forked at m1 with commits b0..b5, the benchmark twice as slow
// from b3 on; merged (no fast-forward) after m3, then m5. Returns m0, b3 and the merge.
struct MergedHistory {
  std::string good, culprit, merge, bad;
};

MergedHistory make_merged_history(const std::filesystem::path& repo) {
  make_history(repo, 2, 100, -1);
  auto head = [&] { return run_command({"git", "rev-parse", "HEAD"}, repo).out.substr(0, 40); };
  auto commit = [&](const std::string& file, const std::string& text, const std::string& message) {
    testing::write_file(repo / file, text);
    run_command({"git", "add", "-A"}, repo);
    run_command({"git", "commit", "-q", "-m", message}, repo);
  };
  MergedHistory history;
  history.good =
      run_command({"git", "rev-list", "--max-parents=0", "HEAD"}, repo).out.substr(0, 40);
  const auto main = run_command({"git", "symbolic-ref", "--short", "HEAD"}, repo).out;
  run_command({"git", "checkout", "-q", "-b", "feature"}, repo);
  for (int i = 0; i < 6; ++i) {
    commit("count.txt", i >= 3 ? kSlowCount : kFastCount, "b" + std::to_string(i));
    if (i == 3) history.culprit = head();
  }
  run_command({"git", "checkout", "-q", main.substr(0, main.find('\n'))}, repo);
  commit("main.txt", "m2\n", "m2");
  commit("main.txt", "m3\n", "m3");
  run_command({"git", "merge", "-q", "--no-ff", "--no-edit", "feature"}, repo);
  history.merge = head();
  commit("main.txt", "m5\n", "m5");
  history.bad = head();
  return history;
}

TEST(Bisect, FindsTheCulpritInsideAMergedBranch) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto history = make_merged_history(repo);
  std::string progress;
  const auto json = bisect(repo, history.good, history.bad, &progress);
  EXPECT_EQ(json["answer"], "culprit");
  EXPECT_EQ(json["last_bad"], history.culprit) << progress;
  EXPECT_EQ(json["merges"], nlohmann::json::array({history.merge}));
  EXPECT_EQ(json["good"], history.good);
  EXPECT_NE(progress.find("is a merge; searching the branch it merged"), std::string::npos)
      << progress;
  // First parent: m0..m5 is 5 commits after GOOD (log2 + 2 builds); the branch from m1 to b5 is
  // 6 after its fork; both searches together stay within the sum of their bounds.
  EXPECT_LE(json["commits_built"].get<int>(), (3 + 2) + (3 + 2));
}

TEST(Bisect, CleanRangeHasNoCulprit) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto hashes = make_history(repo, 4, 100, -1);
  const auto json = bisect(repo, hashes.front(), hashes.back());
  EXPECT_EQ(json["answer"], "no culprit");
  EXPECT_EQ(json["commits_built"], 2);
}

TEST(Bisect, GoodMustBeAnAncestorOfBad) {
  ScratchDir dir;
  const auto repo = dir / "repo";
  const auto hashes = make_history(repo, 3, 100, -1);
  const auto result = run_perfwatch({"bisect", hashes.back(), hashes.front()}, repo);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("is not an ancestor"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace perfwatch
