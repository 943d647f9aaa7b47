// Stored A/B sessions (store/ab_sessions.hpp) on PostgreSQL: written and read back with the same
// SQL as on DuckDB, shown by `compare --ab --postgres`, and copied with their project into the
// DuckDB mirror the site is written from; `ab --postgres` (and $PERFWATCH_POSTGRES) stores a
// session and both its sides in one transaction.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/measure.hpp"
#include "postgres_database.hpp"
#include "server/store.hpp"
#include "server/submission.hpp"
#include "store/ab_sessions.hpp"
#include "store/postgres.hpp"
#include "store/postgres_mirror.hpp"
#include "store/postgres_pool.hpp"
#include "support/ab_loops.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

store::AbSession a_session(const std::string& base_report, const std::string& candidate_report) {
  store::AbSession session;
  session.id = store::new_ab_session_id();
  session.created = "2026-12-01 04:14:16";
  session.base_name = "origin/main";
  session.base_commit = "0123456789abcdef0123456789abcdef01234567";
  session.candidate_name = "HEAD";
  session.base_report = base_report;
  session.candidate_report = candidate_report;
  session.settings = {{"min_change", 0.02}, {"seed", 7}, {"time", "cpu"}};
  store::AbVerdict slower;
  slower.name = slower.benchmark = "loop";
  slower.measure = "cpu_time";
  slower.units = "ns";
  slower.verdict = "DIFFERENT";
  slower.worse = true;
  slower.ratio = 1.5975549604374577;
  slower.ratio_lower = 1.5406976744186047;
  slower.ratio_upper = 1.6506326099366304;
  slower.p_value = 0.001953125;
  slower.exact_test = true;
  slower.pairs = 10;
  slower.rounds = 1;
  slower.seconds = 0.110450739;
  slower.base_median = 1670500;
  slower.candidate_median = 2643500;
  store::AbVerdict unknown;
  unknown.name = unknown.benchmark = "parse";
  unknown.params_json = R"({"size":8})";
  unknown.measure = "latency";
  unknown.units = "ns";
  unknown.verdict = "UNKNOWN";
  unknown.failure = "exit code 3";
  session.verdicts = {slower, unknown};
  return session;
}

TEST(AbSessionsOnPostgres, StoredReadListedShownAndMirrored) {
  testing::PostgresDatabase postgres;
  auto store = server::postgres_store(postgres.url());
  for (const auto& [project, commit] :
       {std::pair{"demo", "c1"}, std::pair{"demo", "c2"}, std::pair{"other", "c1"}}) {
    const std::vector<ReportRecord> submissions = {server::parse_submission(nlohmann::json{
        {"context",
         {{"project", project}, {"branch", "ab/x"}, {"testbed", "ci"}, {"commit", commit}}},
        {"content", R"({"loop": {"cpu_time": {"value": 1500000}}})"}})};
    store->store(submissions);
  }
  pg::Connection connection(postgres.url());
  auto report_of = [&](const std::string& project, const std::string& commit) {
    auto rows = connection.run(
        "SELECT r.id::text FROM report r JOIN project p ON p.id = r.project WHERE p.slug = '" +
        project + "' AND r.commit_hash = '" + commit + "'");
    return *rows->text(0, 0);
  };
  const auto demo = a_session(report_of("demo", "c1"), report_of("demo", "c2"));
  auto other = a_session(report_of("other", "c1"), report_of("other", "c1"));
  other.created = "2026-12-01 03:00:00";
  store::insert_ab_session(connection, demo);
  store::insert_ab_session(connection, other);

  const auto listed = store::list_ab_sessions(connection);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, demo.id) << "newest first";
  EXPECT_EQ(listed[0].project, "demo");
  EXPECT_EQ(listed[1].project, "other");

  const auto read = store::load_ab_session(connection, demo.id.substr(0, 8));
  EXPECT_EQ(read.created, demo.created);
  EXPECT_EQ(read.base_commit, demo.base_commit);
  EXPECT_EQ(read.candidate_commit, "");
  EXPECT_EQ(read.settings, demo.settings);
  ASSERT_EQ(read.verdicts.size(), 2u);
  EXPECT_EQ(read.verdicts[0].ratio, demo.verdicts[0].ratio) << "doubles exactly as written";
  EXPECT_EQ(read.verdicts[0].seconds, demo.verdicts[0].seconds);
  EXPECT_EQ(read.verdicts[0].exact_test, std::optional<bool>(true));
  EXPECT_TRUE(read.verdicts[0].worse);
  EXPECT_EQ(read.verdicts[1].params_json, R"({"size":8})");
  EXPECT_FALSE(read.verdicts[1].ratio.has_value());
  EXPECT_EQ(read.verdicts[1].failure, "exit code 3");

  const auto shown = testing::run_perfwatch(
      {"compare", "--ab", "latest", "--postgres", postgres.url(), "--format", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto json = nlohmann::json::parse(shown.out);
  EXPECT_EQ(json["session"], demo.id);
  EXPECT_EQ(json["series"][0]["verdict"], "DIFFERENT");
  EXPECT_EQ(json["series"][1]["failure"], "exit code 3");

  // The mirror of project demo holds its session and verdicts, not the other project's.
  auto mirror = pg::mirror_project(connection, "demo");
  const auto mirrored = store::list_ab_sessions(mirror->connection());
  ASSERT_EQ(mirrored.size(), 1u);
  const auto copy = store::load_ab_session(mirror->connection(), demo.id);
  ASSERT_EQ(copy.verdicts.size(), 2u);
  EXPECT_EQ(copy.verdicts[0].ratio_upper, demo.verdicts[0].ratio_upper);
  EXPECT_EQ(copy.verdicts[1].verdict, "UNKNOWN");
}

TEST(AbSessionsOnPostgres, AbStoresTheSessionAndBothSidesIntoPostgres) {
  testing::PostgresDatabase postgres;
  testing::ScratchDir dir;
  auto args = testing::ab_of_loops(1000, 3000);
  args.insert(args.end(), {"--postgres", postgres.url()});
  const auto ran = testing::run_perfwatch(args, dir.path());
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const auto printed = nlohmann::json::parse(ran.out);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "perfwatch.duckdb"))
      << "--postgres stores nothing into --db";
  // Each side a report of its own branch holding every run as a sample; the session links them.
  EXPECT_EQ(
      testing::query_text("", postgres.url(),
                          "SELECT b.name, (r.id = s.base_report)::int AS base, "
                          "(cardinality(m.samples) = v.pairs)::int AS every_run FROM report r "
                          "JOIN branch b ON b.id = r.branch JOIN metric m ON m.report = r.id "
                          "JOIN ab_session s ON r.id IN (s.base_report, s.candidate_report) "
                          "JOIN ab_verdict v ON v.session = s.id ORDER BY b.name"),
      "name\tbase\tevery_run\nab/base\t1\t1\nab/candidate\t0\t1\n");
  const auto shown = testing::run_perfwatch({"compare", "--ab", "latest", "--format", "json"},
                                            dir.path(), {{"PERFWATCH_POSTGRES", postgres.url()}});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto json = nlohmann::json::parse(shown.out);
  EXPECT_EQ(json["session"], printed["session"]);
  EXPECT_EQ(json["base"]["report"], printed["base"]["report"]);
  EXPECT_EQ(json["series"][0]["verdict"], "DIFFERENT");
  EXPECT_EQ(json["series"][0]["pairs"], printed["series"][0]["pairs"]);

  // $PERFWATCH_POSTGRES stores there too; --no-store keeps nothing anywhere.
  const auto by_environment = testing::run_perfwatch(testing::ab_of_loops(1000, 1000), dir.path(),
                                                     {{"PERFWATCH_POSTGRES", postgres.url()}});
  ASSERT_EQ(by_environment.exit_code, 0) << by_environment.err;
  auto not_stored = testing::ab_of_loops(1000, 1000);
  not_stored.push_back("--no-store");
  ASSERT_EQ(testing::run_perfwatch(not_stored, dir.path(), {{"PERFWATCH_POSTGRES", postgres.url()}})
                .exit_code,
            0);
  EXPECT_EQ(testing::query_text("", postgres.url(),
                                "SELECT (SELECT count(*) FROM ab_session) AS sessions, "
                                "(SELECT count(*) FROM report) AS reports"),
            "sessions\treports\n2\t4\n");
}

TEST(AbSessionsOnPostgres, ASessionThatCannotBeStoredLeavesNoReportBehind) {
  testing::PostgresDatabase postgres;
  auto pool = pg::Pool::open(postgres.url());  // the schema, as `ab --postgres` makes it
  auto connection = pool->lease();
  store::AbSide base, candidate;
  for (auto* side : {&base, &candidate}) {
    side->context.project = "demo";
    side->context.testbed = "ci";
    side->context.adapter = "ab";
    side->series.push_back({"loop", "{}", measures::cpu_time, {1500000, 1510000}});
  }
  base.context.branch = "ab/base";
  candidate.context.branch = "ab/candidate";
  auto session = a_session("", "");
  session.verdicts[0].verdict = "MAYBE";  // refused by ab_verdict's CHECK, after both reports
  EXPECT_THROW(store::store_ab_session(*connection, base, candidate, session), std::exception);
  EXPECT_EQ(testing::query_text("", postgres.url(),
                                "SELECT (SELECT count(*) FROM ab_session) AS sessions, "
                                "(SELECT count(*) FROM report) AS reports, "
                                "(SELECT count(*) FROM metric) AS metrics"),
            "sessions\treports\tmetrics\n0\t0\t0\n");

  session.verdicts[0].verdict = "DIFFERENT";
  store::store_ab_session(*connection, base, candidate, session);
  EXPECT_EQ(store::load_ab_session(*connection, session.id).candidate_report,
            session.candidate_report);
  EXPECT_EQ(testing::query_text("", postgres.url(), "SELECT count(*) AS reports FROM report"),
            "reports\n2\n");
}

}  // namespace
}  // namespace perfwatch
