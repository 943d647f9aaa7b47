// perfwatch ab's stored sessions: two linked reports and the verdicts, written in one transaction,
// shown again by compare --ab.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/ab_loops.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

testing::CommandResult ab_session(const ScratchDir& dir, int base_count, int candidate_count,
                                  const std::vector<std::string>& more = {}) {
  auto args = testing::ab_of_loops(base_count, candidate_count);
  args.insert(args.end(), more.begin(), more.end());
  return run_perfwatch(args, dir.path());
}

std::string sql(const ScratchDir& dir, const std::string& statement) {
  const auto result = run_perfwatch({"sql", statement}, dir.path());
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(AbStore, SessionIsTwoLinkedReportsAndCompareShowsIt) {
  ScratchDir dir;
  const auto ran = ab_session(dir, 1000, 2000);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto printed = nlohmann::json::parse(ran.out);
  const std::string id = printed["session"];
  const std::string base_report = printed["base"]["report"];
  const std::string candidate_report = printed["candidate"]["report"];
  EXPECT_NE(base_report, candidate_report);

  // Each side is a report of its own branch, holding every run as a sample.
  EXPECT_EQ(sql(dir,
                "SELECT b.name, m.n FROM report r JOIN branch b ON b.id = r.branch JOIN metric m "
                "ON m.report = r.id WHERE r.id = '" +
                    base_report + "'"),
            "name\tn\nab/base\t" + std::to_string(printed["series"][0]["pairs"].get<int>()) + "\n");
  EXPECT_EQ(sql(dir, "SELECT b.name FROM report r JOIN branch b ON b.id = r.branch WHERE r.id = '" +
                         candidate_report + "'"),
            "name\nab/candidate\n");

  const auto shown =
      run_perfwatch({"compare", "--ab", id.substr(0, 8), "--format", "json"}, dir.path());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(nlohmann::json::parse(shown.out), printed);

  const auto latest =
      run_perfwatch({"compare", "--ab", "latest", "--format", "markdown"}, dir.path());
  ASSERT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_NE(latest.out.find("| loop |"), std::string::npos) << latest.out;
  EXPECT_NE(latest.out.find("DIFFERENT"), std::string::npos) << latest.out;

  const auto worse = run_perfwatch({"compare", "--ab", id, "--fail-on", "worse"}, dir.path());
  EXPECT_EQ(worse.exit_code, 1) << worse.err;
}

TEST(AbStore, ListShowsSessionsNewestFirst) {
  ScratchDir dir;
  const auto first = ab_session(dir, 1000, 2000);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto second = ab_session(dir, 2000, 1000);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto listed = run_perfwatch({"compare", "--ab", "list", "--format", "json"}, dir.path());
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto sessions = nlohmann::json::parse(listed.out);
  ASSERT_EQ(sessions.size(), 2u);
  for (const auto& session : sessions) EXPECT_EQ(session["project"], "demo");
  std::set<std::string> ids = {sessions[0]["session"], sessions[1]["session"]};
  EXPECT_TRUE(ids.contains(nlohmann::json::parse(first.out)["session"]));
  EXPECT_TRUE(ids.contains(nlohmann::json::parse(second.out)["session"]));
  const auto table = run_perfwatch({"compare", "--ab", "list"}, dir.path());
  EXPECT_NE(table.out.find("session"), std::string::npos);
}

TEST(AbStore, FailureWhileStoringLeavesTheDatabaseAsItWas) {
  ScratchDir dir;
  ASSERT_EQ(ab_session(dir, 1000, 1000).exit_code, 0);
  // The stored measure now disagrees with what the next session's reports bring: the merge of
  // its reports refuses it after both reports and the session were written to the scratch copy.
  ASSERT_EQ(
      run_perfwatch({"sql", "--write", "UPDATE measure SET units = 's' WHERE slug = 'cpu_time'"},
                    dir.path())
          .exit_code,
      0);
  const std::string counts =
      "SELECT (SELECT count(*) FROM report) AS reports, (SELECT count(*) FROM metric) AS metrics, "
      "(SELECT count(*) FROM ab_session) AS sessions, (SELECT count(*) FROM ab_verdict) AS "
      "verdicts, (SELECT count(*) FROM branch) AS branches";
  const auto before = sql(dir, counts);
  const auto failed = ab_session(dir, 1000, 2000);
  EXPECT_EQ(failed.exit_code, 2) << failed.err;
  EXPECT_NE(failed.err.find("cpu_time"), std::string::npos) << failed.err;
  EXPECT_NE(failed.out.find("DIFFERENT"), std::string::npos) << "the verdicts are still shown";
  EXPECT_EQ(sql(dir, counts), before);
  EXPECT_EQ(before, "reports\tmetrics\tsessions\tverdicts\tbranches\n2\t2\t1\t1\t2\n");
}

TEST(AbStore, FailingSideStoresNothingAndNoStoreWritesNoDatabase) {
  ScratchDir dir;
  const auto failed = run_perfwatch(
      {"ab", "--base-command", "true", "--candidate-command", "exit 3", "--quiet"}, dir.path());
  EXPECT_EQ(failed.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
  const auto unstored = ab_session(dir, 1000, 1000, {"--no-store"});
  ASSERT_EQ(unstored.exit_code, 0) << unstored.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
  const auto none = run_perfwatch({"compare", "--ab", "latest"}, dir.path());
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("perfwatch.duckdb"), std::string::npos) << none.err;
}

TEST(AbStore, MergeCarriesSessionsWithTheirReportsOnce) {
  ScratchDir dir;
  const auto ran = ab_session(dir, 1000, 2000);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  for (int time = 0; time < 2; ++time) {
    const auto merged =
        run_perfwatch({"merge", "perfwatch.duckdb", "-o", "history.duckdb"}, dir.path());
    ASSERT_EQ(merged.exit_code, 0) << merged.err;
  }
  const auto shown = run_perfwatch(
      {"--db", "history.duckdb", "compare", "--ab", "latest", "--format", "json"}, dir.path());
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(nlohmann::json::parse(shown.out), nlohmann::json::parse(ran.out));
  const auto counts = run_perfwatch({"--db", "history.duckdb", "sql",
                                     "SELECT (SELECT count(*) FROM ab_session) AS sessions, "
                                     "(SELECT count(*) FROM ab_verdict) AS verdicts"},
                                    dir.path());
  EXPECT_EQ(counts.out, "sessions\tverdicts\n1\t1\n");
}

TEST(AbStore, CompareAbRefusesSidesAndUnknownSessions) {
  ScratchDir dir;
  ASSERT_EQ(ab_session(dir, 1000, 1000).exit_code, 0);
  const auto both = run_perfwatch({"compare", "main", "HEAD", "--ab", "latest"}, dir.path());
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("without BASE and CANDIDATE"), std::string::npos) << both.err;
  const auto unknown = run_perfwatch({"compare", "--ab", "ffff"}, dir.path());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no A/B session ffff"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace perfwatch
