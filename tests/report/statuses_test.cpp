// The site's checks read the history it loaded (report/statuses.hpp); `perfwatch check` reads the
// store (detect/stored_check.hpp). Both must judge every report alike: on a generated database
// with two testbeds, a pull-request branch with a fork point, branches whose base is missing or
// themselves, a series missing from some reports, a stored threshold and a configuration with a
// time window, an objective and a declared direction, every report is checked both ways.
#include "report/statuses.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "detect/stored_check.hpp"
#include "store/database.hpp"
#include "store/thresholds.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

// Report ids are UUIDs built from a number; report n started n hours after a fixed time.
std::string report_id(int n) { return fmt::format("00000000-0000-4000-8000-{:012}", n); }

void add_report(db::Session& session, int n, int branch, int testbed, const std::string& commit,
                const std::string& base_branch) {
  session.execute(fmt::format(
      "INSERT INTO report (id, project, branch, testbed, commit_hash, dirty, started, ended, "
      "ingested, adapter, content_hash, base_branch) VALUES ('{0}', 1, {1}, {2}, '{3}', false, "
      "TIMESTAMP '2026-01-01' + INTERVAL ({4}) HOUR, TIMESTAMP '2026-01-01' + INTERVAL ({4}) HOUR, "
      "TIMESTAMP '2026-01-01', 'bmf', '{0}', {5})",
      report_id(n), branch, testbed, commit, n,
      base_branch.empty() ? "NULL" : "'" + base_branch + "'"));
}

// Values around 100 x benchmark with 3% noise from a hash; on testbed 1 the latency of
// benchmark 1 steps up 20% from report 30 on, and the throughput of benchmark 2 drops 30% in
// report 38 only; benchmark 3 is missing from every seventh report.
void add_metrics(db::Session& session, int n, int testbed) {
  for (int benchmark = 1; benchmark <= 4; ++benchmark) {
    if (benchmark == 3 && n % 7 == 0) continue;
    for (int measure = 1; measure <= 3; ++measure) {
      double value =
          100.0 * benchmark * measure *
          (0.97 +
           0.06 *
               ((n * 7919 + benchmark * 104729 + measure * 1299709 + testbed * 15485863) % 1000) /
               1000.0);
      if (testbed == 1 && benchmark == 1 && measure == 1 && n >= 30) value *= 1.2;
      if (testbed == 1 && benchmark == 2 && measure == 2 && n == 38) value *= 0.7;
      session.execute(
          fmt::format("INSERT INTO metric VALUES ('{}', {}, {}, {}, NULL, NULL, 1, "
                      "NULL)",
                      report_id(n), benchmark, measure, value));
    }
  }
}

void generate(db::Session& session) {
  session.execute("BEGIN TRANSACTION");  // one commit for the whole history: many statements
  session.execute(
      "INSERT INTO project VALUES (1, 'demo', 'demo'); "
      "INSERT INTO branch (id, project, name, start_point_commit) VALUES (1, 1, 'main', NULL), "
      "(2, 1, 'feature', 'm20'), (3, 1, 'other', NULL), (4, 1, 'fork-gone', 'nowhere'); "
      "INSERT INTO testbed (id, project, name) VALUES (1, 1, 'ci'), (2, 1, 'arm'); "
      "INSERT INTO measure VALUES (1, 1, 'latency', 'ns', 'lower_is_better'), "
      "(2, 1, 'throughput', 'ops/s', 'higher_is_better'), (3, 1, 'count', 'x', 'unknown'); "
      "INSERT INTO benchmark VALUES (1, 1, 'parse', '{}'), (2, 1, 'parse', '{\"n\":8}'), "
      "(3, 1, 'sort', '{}'), (4, 1, 'alloc', '{}')");
  int n = 0;
  for (int i = 1; i <= 40; ++i) {
    for (int testbed = 1; testbed <= 2; ++testbed) {
      add_report(session, ++n, 1, testbed, fmt::format("m{}", i), "");
      add_metrics(session, n, testbed);
    }
  }
  // A pull request on feature (forked from m20), others whose base is missing or themselves.
  for (int i = 0; i < 4; ++i) {
    add_report(session, ++n, 2, 1, fmt::format("f{}", i), "main");
    add_metrics(session, n, 1);
  }
  for (int i = 0; i < 3; ++i) {
    add_report(session, ++n, 3, 2, fmt::format("o{}", i), i == 0 ? "gone" : "other");
    add_metrics(session, n, 2);
  }
  add_report(session, ++n, 4, 1, "g0", "main");
  add_metrics(session, n, 1);
  session.execute("COMMIT");
}

void expect_same(const detect::CheckResult& loaded, const detect::CheckResult& stored) {
  EXPECT_EQ(loaded.report_id, stored.report_id);
  EXPECT_EQ(loaded.project, stored.project);
  EXPECT_EQ(loaded.branch, stored.branch);
  EXPECT_EQ(loaded.history_branch, stored.history_branch);
  EXPECT_EQ(loaded.testbed, stored.testbed);
  EXPECT_EQ(loaded.commit, stored.commit);
  ASSERT_EQ(loaded.verdicts.size(), stored.verdicts.size()) << stored.report_id;
  for (std::size_t i = 0; i < stored.verdicts.size(); ++i) {
    const auto& a = loaded.verdicts[i];
    const auto& b = stored.verdicts[i];
    const auto where =
        fmt::format("report {} {} {} {}", stored.report_id, b.benchmark, b.params, b.measure);
    EXPECT_EQ(a.benchmark_id, b.benchmark_id) << where;
    EXPECT_EQ(a.measure_id, b.measure_id) << where;
    EXPECT_EQ(a.status, b.status) << where;
    EXPECT_EQ(a.value, b.value) << where;
    EXPECT_EQ(a.baseline, b.baseline) << where;
    EXPECT_EQ(a.lower_limit, b.lower_limit) << where;
    EXPECT_EQ(a.upper_limit, b.upper_limit) << where;
    EXPECT_EQ(a.history_size, b.history_size) << where;
    EXPECT_EQ(a.since_change, b.since_change) << where;
    EXPECT_EQ(a.beyond_streak, b.beyond_streak) << where;
    EXPECT_EQ(a.step.has_value(), b.step.has_value()) << where;
    EXPECT_EQ(a.step_commit, b.step_commit) << where;
    EXPECT_EQ(a.step_after_commit, b.step_after_commit) << where;
    EXPECT_EQ(a.q_value, b.q_value) << where;
    EXPECT_EQ(a.threshold.id, b.threshold.id) << where;
    EXPECT_EQ(a.threshold.origin, b.threshold.origin) << where;
  }
  ASSERT_EQ(loaded.objectives.size(), stored.objectives.size());
  for (std::size_t i = 0; i < stored.objectives.size(); ++i) {
    EXPECT_EQ(loaded.objectives[i].describe(), stored.objectives[i].describe());
  }
}

TEST(SiteStatuses, ChecksOfTheLoadedHistoryEqualChecksOfTheStore) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "perfwatch.duckdb").string()});
  auto& session = database->connection();
  generate(session);
  store::StoredThreshold narrow;
  narrow.project = "demo";
  narrow.branch = "main";
  narrow.testbed = "arm";
  narrow.measure = "latency";
  narrow.test = "z_score";
  narrow.window_reports = 8;
  narrow.min_sample_size = 3;
  narrow.lower_boundary = 2.5;
  narrow.upper_boundary = 2.5;
  store::add_threshold(session, narrow);
  const auto config = detect::parse_detection_config(R"(
[[threshold]]
measure = "throughput"
test = "percentage"
lower = 0.1
upper = 0.1
window_days = 1

[[slo]]
benchmark = "parse"
objective = "latency <= 130 ns"

[[measure]]
name = "count"
direction = "higher"
)",
                                                     "perfwatch.toml");

  const auto history = store::load_history(session, 0);
  const auto catalog = store::load_catalog(session, 0);
  const auto thresholds = store::list_thresholds(session, "");
  const report::HistoryChecks checks(history, catalog, thresholds);
  std::size_t red = 0, against_main = 0;
  for (std::size_t index = 0; index < history.reports.size(); ++index) {
    const auto& id = history.reports[index].id;
    for (const auto* used : {&config, static_cast<const detect::DetectionConfig*>(nullptr)}) {
      const auto& applied = used ? *used : detect::DetectionConfig{};
      const auto loaded = checks.check(index, applied);
      const auto stored = detect::check_report(session, id, applied);
      expect_same(loaded, stored);
      red += stored.count(detect::Status::red);
      if (stored.branch != "main" && stored.history_branch == "main") ++against_main;
    }
  }
  // The generated steps and the pull requests were there to be judged.
  EXPECT_GT(red, 0u);
  EXPECT_EQ(against_main, 2u * 5);
}

}  // namespace
}  // namespace perfwatch
