// The store's typed reads for the site, the PR summary, compare and `changes`
// (store/catalog.hpp, site_data.hpp, report_lookup.hpp, change_point_states.hpp) on a real DuckDB
// file: the columns land in the named fields, in the documented order.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/catalog.hpp"
#include "store/change_point_states.hpp"
#include "store/database.hpp"
#include "store/history.hpp"
#include "store/report_lookup.hpp"
#include "store/site_data.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

// Two reports of main (both with samples, one of the older's not finite; resource use), a
// pull request's report on feature (base main, shard 1/2) and main's report of another shard.
void generate(db::Session& session) {
  session.execute(R"sql(
INSERT INTO project VALUES (1, 'demo', 'Demo'), (2, 'else', 'Else');
INSERT INTO branch (id, project, name, start_point_commit) VALUES (1, 1, 'main', NULL),
  (2, 1, 'feature', 'abc1'), (3, 2, 'main', NULL);
INSERT INTO testbed (id, project, name, fingerprint) VALUES (1, 1, 'ci', '{"cpus":2}');
INSERT INTO measure VALUES (1, 1, 'latency', 'ns', 'lower_is_better');
INSERT INTO benchmark VALUES (1, 1, 'parse', '{"n":8}');
INSERT INTO report (id, project, branch, testbed, commit_hash, dirty, started, ended, ingested,
  adapter, content_hash, base_branch, settings, ci_run_url) VALUES
 ('00000000-0000-4000-8000-000000000001', 1, 1, 1, 'abc1', false, TIMESTAMP '2026-01-01 01:00',
  TIMESTAMP '2026-01-01 01:00', TIMESTAMP '2026-01-01', 'bmf', 'h1', NULL, '{"shard":"1/2"}',
  NULL),
 ('00000000-0000-4000-8000-000000000002', 1, 1, 1, 'abc2', false, TIMESTAMP '2026-01-01 02:00',
  TIMESTAMP '2026-01-01 02:00', TIMESTAMP '2026-01-01', 'bmf', 'h2', NULL, '{"shard":"2/2"}',
  NULL),
 ('00000000-0000-4000-8000-000000000003', 1, 2, 1, 'def1', false, TIMESTAMP '2026-01-01 03:00',
  TIMESTAMP '2026-01-01 03:00', TIMESTAMP '2026-01-01', 'bmf', 'h3', 'main', '{"shard":"1/2"}',
  'https://ci/run/3');
INSERT INTO metric VALUES
 ('00000000-0000-4000-8000-000000000001', 1, 1, 10, NULL, NULL, 3, [9.5, 10, 'inf'::DOUBLE]),
 ('00000000-0000-4000-8000-000000000002', 1, 1, 11, NULL, NULL, 2, [11, 11.5]),
 ('00000000-0000-4000-8000-000000000003', 1, 1, 12, NULL, NULL, 1, NULL);
INSERT INTO resource_sample VALUES
 ('00000000-0000-4000-8000-000000000001', 1, 20, 50, 1000, NULL, NULL),
 ('00000000-0000-4000-8000-000000000001', 1, 10, 40, NULL, NULL, NULL);
INSERT INTO alert VALUES (1, '00000000-0000-4000-8000-000000000003', 1, 1, NULL, 'regression',
  'active', 12, NULL, 11.5, 'parse: slower', TIMESTAMP '2026-01-02', TIMESTAMP '2026-01-02');
)sql");
}

TEST(SiteReads, CatalogOfOneProjectNamesEachColumn) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "perfwatch.duckdb").string()});
  auto& session = database->connection();
  generate(session);
  EXPECT_EQ(store::project_id_of(session, ""), 0);
  EXPECT_EQ(store::project_id_of(session, "else"), 2);
  EXPECT_THROW(store::project_id_of(session, "nope"), InputError);

  const auto catalog = store::load_catalog(session, 1);
  ASSERT_EQ(catalog.projects.size(), 1u);
  EXPECT_EQ(catalog.projects[0].name, "Demo");
  ASSERT_EQ(catalog.branches.size(), 2u);  // by name
  EXPECT_EQ(catalog.branches[0].name, "feature");
  EXPECT_EQ(catalog.branches[0].start_point_commit, "abc1");
  EXPECT_EQ(catalog.branches[1].start_point_commit, "");
  ASSERT_EQ(catalog.testbeds.size(), 1u);
  EXPECT_EQ(catalog.testbeds[0].fingerprint, R"({"cpus":2})");
  ASSERT_EQ(catalog.measures.size(), 1u);
  EXPECT_EQ(catalog.measures[0].units, "ns");
  EXPECT_EQ(catalog.measures[0].direction, "lower_is_better");
  ASSERT_EQ(catalog.benchmarks.size(), 1u);
  EXPECT_EQ(catalog.benchmarks[0].params, R"({"n":8})");
  ASSERT_EQ(catalog.alerts.size(), 1u);
  const auto& alert = catalog.alerts[0];
  EXPECT_EQ(alert.report, "00000000-0000-4000-8000-000000000003");
  EXPECT_EQ(alert.kind, "regression");
  EXPECT_FALSE(alert.baseline.has_value());
  EXPECT_EQ(alert.limit, 11.5);
  EXPECT_EQ(alert.created, "2026-01-02T00:00:00Z");
  EXPECT_EQ(store::load_catalog(session, 0).branches.size(), 3u);
}

TEST(SiteReads, SamplesAndResourceUseNameReportsAsTheHistoryDoes) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "perfwatch.duckdb").string()});
  auto& session = database->connection();
  generate(session);
  const auto history = store::load_history(session, 1);
  std::vector<store::SampleList> lists;
  store::for_each_sample_list(session, 1,
                              [&](const store::SampleList& list) { lists.push_back(list); });
  ASSERT_EQ(lists.size(), 2u);
  EXPECT_EQ(history.reports[static_cast<std::size_t>(lists[0].report)].id,
            "00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(lists[0].branch, 1);
  EXPECT_EQ(lists[0].samples, "[9.5, 10.0, null]");  // a non-finite sample is null
  EXPECT_EQ(lists[1].report, lists[0].report + 1);

  const auto uses = store::load_resource_use(session, 1);
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(uses[0].report, lists[0].report);
  EXPECT_EQ(uses[0].t_ms, "[10.0, 20.0]");  // oldest first
  EXPECT_EQ(uses[0].rss_bytes, "[null, 1000]");
  EXPECT_TRUE(store::load_gpu_use(session, 1).empty());
}

TEST(SiteReads, ReportsFoundByNameBaseAndRun) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "perfwatch.duckdb").string()});
  auto& session = database->connection();
  generate(session);
  const auto by_id = store::find_named_report(session, "00000000-0000-4000-8000-00000000000");
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->kind, "report");
  EXPECT_EQ(by_id->id, "00000000-0000-4000-8000-000000000003");  // the newest of the prefix
  const auto by_branch = store::find_named_report(session, "main");
  ASSERT_TRUE(by_branch);
  EXPECT_EQ(by_branch->kind, "branch");
  EXPECT_EQ(by_branch->id, "00000000-0000-4000-8000-000000000002");
  const auto by_commit = store::find_named_report(session, "abc1");
  ASSERT_TRUE(by_commit);
  EXPECT_EQ(by_commit->kind, "commit");
  EXPECT_EQ(by_commit->id, "00000000-0000-4000-8000-000000000001");
  EXPECT_FALSE(store::find_named_report(session, "zzz"));

  // main's newest report is of shard 2/2; the pull request ran shard 1/2.
  EXPECT_EQ(store::base_report_of(session, "00000000-0000-4000-8000-000000000003"),
            "00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(store::base_report_of(session, "00000000-0000-4000-8000-000000000002"), "");
  EXPECT_EQ(store::ci_run_url_of(session, "00000000-0000-4000-8000-000000000003"),
            "https://ci/run/3");
  EXPECT_EQ(store::ci_run_url_of(session, "00000000-0000-4000-8000-000000000001"), "");

  const auto metrics = store::load_sampled_metrics(session, "00000000-0000-4000-8000-000000000003");
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0].benchmark, "parse");
  EXPECT_EQ(metrics[0].params, R"({"n":8})");
  EXPECT_EQ(metrics[0].measure, "latency");
  EXPECT_EQ(metrics[0].units, "ns");
  EXPECT_EQ(metrics[0].value, 12);
  EXPECT_TRUE(metrics[0].samples.empty());
  const auto sampled = store::load_sampled_metrics(session, "00000000-0000-4000-8000-000000000002");
  ASSERT_EQ(sampled.size(), 1u);
  EXPECT_EQ(sampled[0].samples, (std::vector<double>{11, 11.5}));
}

TEST(SiteReads, ChangePointStatesAreKeptPerSettingAndReplaced) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "perfwatch.duckdb").string()});
  auto& session = database->connection();
  store::ChangePointState state{
      1, 2, 3, 4, 40, "00000000-0000-4000-8000-000000000001", {{20, 10.5, 12.25, 1e-6}}};
  store::save_change_point_states(session, "a", {state});
  state.values_seen = 41;
  state.points.push_back({30, 12.25, 11, 0.0005});
  store::save_change_point_states(session, "a", {state});
  EXPECT_TRUE(store::load_change_point_states(session, "b").empty());
  const auto kept = store::load_change_point_states(session, "a");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].measure, 4);
  EXPECT_EQ(kept[0].values_seen, 41u);
  EXPECT_EQ(kept[0].last_report, state.last_report);
  ASSERT_EQ(kept[0].points.size(), 2u);
  EXPECT_EQ(kept[0].points[0].after, 12.25);
  EXPECT_EQ(kept[0].points[1].p_value, 0.0005);
}

}  // namespace
}  // namespace perfwatch
