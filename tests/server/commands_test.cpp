// The commands that read and change alerts, thresholds and listings (alert, threshold, ls, token,
// export, changes, report, check) run on each store: the DuckDB file of --db and a PostgreSQL
// database of --postgres, with the same answers; bad input exits 2 and changes nothing.
// `ls --server` lists, and `check --server` and `report --server` are run by, a results server
// with a read token.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "serve_process.hpp"
#include "store/database.hpp"
#include "store/postgres.hpp"
#include "store_under_test.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;
using testing::Server;

class Commands : public testing::OnEachStore {
 protected:
  std::unique_ptr<Server> serve() const {
    return std::make_unique<Server>(dir, on_store({"serve", "--port", "0"}));
  }

  std::string make_token(const std::string& scope) const {
    const auto made = perfwatch({"token", "add", "--project", "demo", "--scope", scope});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return made.out.substr(0, made.out.find('\n'));
  }

  // Three reports of project demo submitted through a server on the store (the one way to
  // store into either): c1 and c2 on main, c3 on feature. Leaves no server running.
  void store_reports() {
    writer_ = make_token("write");
    auto server = serve();
    int value = 10;
    for (const auto& [branch, commit] :
         {std::pair{"main", "c1"}, {"main", "c2"}, {"feature", "c3"}}) {
      testing::write_file(dir / "r.json",
                          fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}}})", value++));
      const auto sent = run_perfwatch(
          {"ingest", "--server", server->url(), "--token", writer_, "--project", "demo", "--branch",
           branch, "--testbed", "ci", "--commit", commit, "r.json"},
          dir.path());
      ASSERT_EQ(sent.exit_code, 0) << sent.err;
    }
  }

  // Submits one report of project demo with `latency` as parse's latency, through `server`.
  void submit(const Server& server, const std::string& branch, const std::string& commit,
              double latency) const {
    httplib::Client http("127.0.0.1", server.port());
    const auto body = nlohmann::json{
        {"context",
         {{"project", "demo"}, {"branch", branch}, {"testbed", "ci"}, {"commit", commit}}},
        {"content", fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}}})", latency)}};
    const auto sent = http.Post("/api/v1/reports", {{"Authorization", "Bearer " + writer_}},
                                body.dump(), "application/json");
    ASSERT_TRUE(sent);
    ASSERT_EQ(sent->status, 201) << sent->body;
  }

  // Runs `sql` on the store (for what no command writes: the alerts of `perfwatch check`).
  void execute(const std::string& sql) const {
    if (on_postgres()) {
      pg::Connection(postgres_url()).execute(sql);
    } else {
      Database::open({(dir / "store.duckdb").string(), AccessMode::read_write})
          ->connection()
          .execute(sql);
    }
  }

  nlohmann::json json_of(const std::vector<std::string>& args) const {
    const auto listed = perfwatch(args);
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    return nlohmann::json::parse(listed.out);
  }

  std::string writer_;
};

INSTANTIATE_ON_EACH_STORE(Commands);

TEST_P(Commands, LsListsWhatTheStoreHolds) {
  store_reports();
  const auto reports = json_of({"ls", "reports", "--format", "json"});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0]["commit"], "c3");  // newest first
  EXPECT_EQ(json_of({"ls", "branches", "--format", "json"}).size(), 2u);
  const auto metrics = json_of({"ls", "metrics", "--branch", "main", "--format", "json"});
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0]["value"], 11.0);
  const auto table = perfwatch({"ls", "metrics", "--branch", "main"});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("commit c2"), std::string::npos) << table.out;

  const auto unknown = perfwatch({"ls", "reports", "--branch", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--branch: no branch 'nope'"), std::string::npos) << unknown.err;
}

TEST_P(Commands, ThresholdsAreAddedListedClonedAndRemoved) {
  store_reports();
  const auto added = perfwatch(
      {"threshold", "add", "--measure", "latency", "--test", "percentage", "--upper", "0.1"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out, "added threshold 1\n");
  auto listed = json_of({"threshold", "ls", "--format", "json"});
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["measure"], "latency");
  EXPECT_EQ(listed[0]["branch"], "*");
  EXPECT_EQ(listed[0]["upper_boundary"], 0.1);
  EXPECT_TRUE(listed[0]["lower_boundary"].is_null());

  const auto bad_test = perfwatch({"threshold", "add", "--test", "magic", "--upper", "1"});
  EXPECT_EQ(bad_test.exit_code, 2);
  EXPECT_NE(bad_test.err.find("--test: unknown test 'magic'"), std::string::npos) << bad_test.err;
  const auto bad_measure = perfwatch({"threshold", "add", "--measure", "nope", "--upper", "1"});
  EXPECT_EQ(bad_measure.exit_code, 2);
  EXPECT_NE(bad_measure.err.find("--measure: no measure 'nope'"), std::string::npos);

  // A thresholds-per-branch copy for main (clone copies only branch-specific ones).
  ASSERT_EQ(perfwatch({"threshold", "add", "--branch", "main", "--upper", "2"}).exit_code, 0);
  // The start point fails after the copy was made: the copy is rolled back with it.
  const auto bad_start =
      perfwatch({"threshold", "clone", "--from", "main", "--to", "feature", "--start-point", "zz"});
  EXPECT_EQ(bad_start.exit_code, 2);
  EXPECT_NE(bad_start.err.find("--start-point: no reports of main"), std::string::npos)
      << bad_start.err;
  EXPECT_EQ(json_of({"threshold", "ls", "--format", "json"}).size(), 2u);

  const auto cloned =
      perfwatch({"threshold", "clone", "--from", "main", "--to", "feature", "--start-point", "c1"});
  ASSERT_EQ(cloned.exit_code, 0) << cloned.err;
  EXPECT_EQ(cloned.out, "copied 1 thresholds of main to feature; its history stops at c1\n");
  EXPECT_EQ(perfwatch({"threshold", "clone", "--from", "main", "--to", "feature"}).out,
            "copied 0 thresholds of main to feature\n");
  EXPECT_EQ(perfwatch({"threshold", "clone", "--from", "main", "--to", "absent"}).exit_code, 2);

  EXPECT_EQ(perfwatch({"threshold", "rm", "1"}).exit_code, 0);
  const auto missing = perfwatch({"threshold", "rm", "1"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no threshold with id 1"), std::string::npos) << missing.err;
  listed = json_of({"threshold", "ls", "--format", "json"});
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["branch"], "feature");
}

TEST_P(Commands, AlertsAreListedAcknowledgedAndDismissedHereAndThroughTheServer) {
  store_reports();
  const auto reader = make_token("read");
  // Two alerts as `perfwatch check` raises them, on main's two reports.
  execute(
      "INSERT INTO alert SELECT row_number() OVER (ORDER BY r.commit_hash), r.id, x.benchmark, "
      "x.measure, NULL, 'regression', 'active', x.value, NULL, NULL, 'latency up', "
      "now()::TIMESTAMP, now()::TIMESTAMP FROM metric x JOIN report r ON r.id = x.report "
      "JOIN branch b ON b.id = r.branch WHERE b.name = 'main'");
  auto alerts = json_of({"alert", "ls", "--format", "json"});
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0]["project"], "demo");
  EXPECT_EQ(alerts[0]["commit"], "c1");
  EXPECT_EQ(alerts[0]["benchmark"], "parse");
  EXPECT_EQ(alerts[0]["measure"], "latency");
  EXPECT_EQ(alerts[1]["value"], 11.0);

  EXPECT_EQ(perfwatch({"alert", "ack", "1"}).out, "alert 1 acknowledged\n");
  EXPECT_EQ(json_of({"alert", "ls", "--format", "json"}).size(), 1u);
  alerts = json_of({"alert", "ls", "--status", "acknowledged", "--format", "json"});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["id"], 1);
  const auto missing = perfwatch({"alert", "dismiss", "9"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no alert with id 9"), std::string::npos) << missing.err;
  EXPECT_EQ(perfwatch({"alert", "ls", "--status", "bogus"}).exit_code, 2);

  auto server = serve();
  httplib::Client http("127.0.0.1", server->port());
  const auto listed =
      http.Get("/api/v1/projects/demo/alerts?status=all", {{"Authorization", "Bearer " + reader}});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(nlohmann::json::parse(listed->body).size(), 2u);
  EXPECT_EQ(
      http.Get("/api/v1/projects/demo/alerts?status=bogus", {{"Authorization", "Bearer " + reader}})
          ->status,
      400);
  const httplib::Headers write = {{"Authorization", "Bearer " + writer_}};
  EXPECT_EQ(http.Post("/api/v1/projects/demo/alerts/2/dismiss", write, "", "text/plain")->status,
            200);
  EXPECT_EQ(http.Post("/api/v1/projects/demo/alerts/9/dismiss", write, "", "text/plain")->status,
            404);
  server->stop(SIGTERM);
  alerts = json_of({"alert", "ls", "--status", "dismissed", "--format", "json"});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["id"], 2);
}

TEST_P(Commands, ExportWritesEveryFormatFromEitherStore) {
  store_reports();
  const auto csv = perfwatch({"export", "--format", "csv", "--branch", "main"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 3) << csv.out;  // header + 2
  EXPECT_EQ(csv.out.rfind("project,branch,testbed,commit,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("demo,main,ci,c2,"), std::string::npos) << csv.out;
  const auto parquet = perfwatch({"export", "--format", "parquet", "-o", "all.parquet"});
  ASSERT_EQ(parquet.exit_code, 0) << parquet.err;
  // Read back by DuckDB, in a database of its own (the store may be PostgreSQL).
  auto reader = Database::open({(dir / "reader.duckdb").string(), AccessMode::read_write});
  auto read_back =
      reader->connection().query("SELECT count(*) AS n, max(value) AS top FROM read_parquet('" +
                                 (dir / "all.parquet").string() + "')");
  EXPECT_EQ(read_back.int64(0, 0), 3);
  EXPECT_EQ(read_back.number(1, 0), 12.0);
  const auto gauges = perfwatch({"export", "--format", "prometheus"});
  ASSERT_EQ(gauges.exit_code, 0) << gauges.err;
  EXPECT_NE(gauges.out.find("branch=\"feature\""), std::string::npos) << gauges.out;

  const auto unknown = perfwatch({"export", "--project", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--project: no project 'nope'"), std::string::npos) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "nothing.csv"));
}

TEST_P(Commands, ChangesFindTheStepInEitherStore) {
  const auto writer = make_token("write");
  {
    auto server = serve();
    httplib::Client http("127.0.0.1", server->port());
    // 24 reports, one after another: latency about 100 ns, 120 ns from commit c12 on.
    for (int commit = 0; commit < 24; ++commit) {
      const double latency = (commit < 12 ? 100 : 120) * (1 + ((commit * 7) % 5 - 2) * 0.005);
      const auto body = nlohmann::json{
          {"context",
           {{"project", "demo"},
            {"branch", "main"},
            {"testbed", "ci"},
            {"commit", fmt::format("c{}", commit)}}},
          {"content", fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}}})", latency)}};
      const auto sent = http.Post("/api/v1/reports", {{"Authorization", "Bearer " + writer}},
                                  body.dump(), "application/json");
      ASSERT_TRUE(sent);
      ASSERT_EQ(sent->status, 201) << sent->body;
    }
  }
  const auto changes = json_of({"changes", "--format", "json"});
  ASSERT_EQ(changes.size(), 1u) << changes.dump();
  EXPECT_EQ(changes[0]["kind"], "regression");
  EXPECT_EQ(changes[0]["last_commit_before"], "c11");
  EXPECT_EQ(changes[0]["first_commit_after"], "c12");
  const auto unknown = perfwatch({"changes", "--project", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--project: no project 'nope'"), std::string::npos) << unknown.err;
}

TEST_P(Commands, ReportSummarisesAndWritesTheSiteFromEitherStore) {
  store_reports();
  const auto summary = perfwatch({"report", "--format", "json", "--branch", "main"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  const auto json = nlohmann::json::parse(summary.out);
  EXPECT_NE(json.dump().find("c2"), std::string::npos) << summary.out;
  const auto site = perfwatch({"report", "--out", "site"});
  ASSERT_EQ(site.exit_code, 0) << site.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "index.html"));
  const auto unknown = perfwatch({"report", "--format", "json", "--report", "ffff"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--report: no report 'ffff'"), std::string::npos) << unknown.err;
}

TEST_P(Commands, LsThroughTheServerNeedsAReadToken) {
  store_reports();
  const auto reader = make_token("read");
  auto server = serve();
  const auto through = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"ls"});
    args.insert(args.end(), {"--server", server->url()});
    return run_perfwatch(args, dir.path());
  };
  const auto reports =
      through({"reports", "--project", "demo", "--token", reader, "--format", "json"});
  ASSERT_EQ(reports.exit_code, 0) << reports.err;
  EXPECT_EQ(nlohmann::json::parse(reports.out).size(), 3u);
  const auto table = through({"branches", "--project", "demo", "--token", reader});
  EXPECT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("feature"), std::string::npos) << table.out;
  const auto metrics = run_perfwatch({"ls", "metrics", "--server", server->url(), "--project",
                                      "demo", "--branch", "main", "--format", "json"},
                                     dir.path(), {{"PERFWATCH_TOKEN", reader}});
  ASSERT_EQ(metrics.exit_code, 0) << metrics.err;
  EXPECT_EQ(nlohmann::json::parse(metrics.out)[0]["value"], 11.0);
  const auto metrics_table =
      through({"metrics", "--project", "demo", "--branch", "main", "--token", reader});
  EXPECT_EQ(metrics_table.exit_code, 0) << metrics_table.err;
  EXPECT_NE(metrics_table.out.find("branch main, testbed ci, commit c2"), std::string::npos)
      << metrics_table.out;

  const auto anonymous = through({"reports", "--project", "demo"});
  EXPECT_EQ(anonymous.exit_code, 2);
  EXPECT_NE(anonymous.err.find("answered 401"), std::string::npos) << anonymous.err;
  const auto no_project = through({"reports", "--token", reader});
  EXPECT_EQ(no_project.exit_code, 2);
  EXPECT_NE(no_project.err.find("--project: required with --server"), std::string::npos);
  server->stop(SIGTERM);
  const auto away = through({"projects", "--token", reader});
  EXPECT_EQ(away.exit_code, 2);
  EXPECT_NE(away.err.find("--server: cannot reach"), std::string::npos) << away.err;
}

TEST_P(Commands, CheckJudgesAndKeepsAlertsInEitherStore) {
  writer_ = make_token("write");
  {
    auto server = serve();
    int commit = 0;
    for (const double latency : {10.0, 11.0, 10.0, 30.0}) {
      submit(*server, "main", fmt::format("c{}", ++commit), latency);
    }
  }
  // A static limit of 20 ns from two earlier values on; one report beyond it is red here.
  ASSERT_EQ(perfwatch({"threshold", "add", "--measure", "latency", "--test", "static", "--upper",
                       "20", "--min-samples", "2"})
                .exit_code,
            0);
  const auto red = perfwatch({"check", "--format", "json", "--confirm", "1"});
  EXPECT_EQ(red.exit_code, 1) << red.err;
  const auto verdict = nlohmann::json::parse(red.out);
  EXPECT_EQ(verdict["commit"], "c4");
  ASSERT_EQ(verdict["verdicts"].size(), 1u);
  EXPECT_EQ(verdict["verdicts"][0]["status"], "red");
  EXPECT_EQ(verdict["verdicts"][0]["history"], 3);
  EXPECT_EQ(verdict["verdicts"][0]["upper_limit"], 20.0);
  EXPECT_EQ(verdict["verdicts"][0]["threshold_origin"], "database");
  auto alerts = json_of({"alert", "ls", "--format", "json"});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0]["commit"], "c4");
  EXPECT_EQ(alerts[0]["kind"], "regression");
  // A second check of the same report raises nothing new.
  const auto again = perfwatch({"check", "--confirm", "1"});
  EXPECT_EQ(again.exit_code, 1) << again.err;
  EXPECT_NE(again.out.find("0 new alerts"), std::string::npos) << again.out;
  EXPECT_EQ(json_of({"alert", "ls", "--format", "json"}).size(), 1u);

  // Back under the limit: green, and c4's alert is resolved.
  {
    auto server = serve();
    submit(*server, "main", "c5", 10.5);
  }
  const auto green = perfwatch({"check", "--format", "json", "--confirm", "1"});
  EXPECT_EQ(green.exit_code, 0) << green.err;
  EXPECT_EQ(nlohmann::json::parse(green.out)["verdicts"][0]["status"], "green");
  EXPECT_TRUE(json_of({"alert", "ls", "--format", "json"}).empty());
  EXPECT_EQ(json_of({"alert", "ls", "--status", "resolved", "--format", "json"}).size(), 1u);

  const auto unknown = perfwatch({"check", "--report", "ffff"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("--report: no report 'ffff'"), std::string::npos) << unknown.err;
}

TEST_P(Commands, CheckAndReportRunOnTheServerWithAReadToken) {
  writer_ = make_token("write");
  {
    auto server = serve();
    int commit = 0;
    for (const double latency : {10.0, 11.0, 10.0, 30.0}) {
      submit(*server, "main", fmt::format("c{}", ++commit), latency);
    }
  }
  ASSERT_EQ(perfwatch({"threshold", "add", "--measure", "latency", "--test", "static", "--upper",
                       "20", "--min-samples", "2"})
                .exit_code,
            0);
  const auto reader = make_token("read");
  auto server = serve();
  const auto through = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--server", server->url(), "--project", "demo"});
    return run_perfwatch(args, dir.path());
  };
  const auto checked = through({"check", "--format", "json", "--confirm", "1", "--token", reader});
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  const auto verdict = nlohmann::json::parse(checked.out);
  EXPECT_EQ(verdict["commit"], "c4");
  EXPECT_EQ(verdict["verdicts"][0]["status"], "red");
  const auto table = through({"check", "--confirm", "1", "--token", reader});
  EXPECT_EQ(table.exit_code, 1) << table.err;
  EXPECT_NE(table.out.find("red"), std::string::npos) << table.out;
  EXPECT_EQ(through({"check", "--fail-on", "never", "--confirm", "1", "--token", reader}).exit_code,
            0);
  const auto summary = through({"report", "--format", "json", "--fail-on", "regression",
                                "--confirm", "1", "--token", reader});
  EXPECT_EQ(summary.exit_code, 1) << summary.err;
  EXPECT_NE(summary.out.find("c4"), std::string::npos) << summary.out;
  // In a GitHub Actions job the summary's Markdown goes to the job's page as `report` run here
  // appends it; `check` appends nothing, here or through the server.
  const auto job_page = dir / "job-summary.md";
  const std::map<std::string, std::string> in_job = {{"GITHUB_STEP_SUMMARY", job_page.string()}};
  EXPECT_EQ(run_perfwatch({"check", "--server", server->url(), "--project", "demo", "--confirm",
                           "1", "--token", reader},
                          dir.path(), in_job)
                .exit_code,
            1);
  EXPECT_FALSE(std::filesystem::exists(job_page));
  const auto report_args = std::vector<std::string>{"report", "--format", "json", "--confirm", "1"};
  auto remote_args = report_args;
  remote_args.insert(remote_args.end(),
                     {"--server", server->url(), "--project", "demo", "--token", reader});
  ASSERT_EQ(run_perfwatch(remote_args, dir.path(), in_job).exit_code, 0);
  const auto remote_page = testing::read_file(job_page);
  EXPECT_NE(remote_page.find("c4"), std::string::npos) << remote_page;

  const auto anonymous = through({"check"});
  EXPECT_EQ(anonymous.exit_code, 2);
  EXPECT_NE(anonymous.err.find("answered 401"), std::string::npos) << anonymous.err;
  const auto bad_format = run_perfwatch({"report", "--server", server->url(), "--project", "nope",
                                         "--token", reader, "--format", "json"},
                                        dir.path());
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("answered 404"), std::string::npos) << bad_format.err;
  // Without a valid token nothing of the body is read: 401, not 400.
  httplib::Client http("127.0.0.1", server->port());
  const auto unread = http.Post("/api/v1/projects/demo/check", {{"Authorization", "Bearer x"}},
                                "not json", "application/json");
  ASSERT_TRUE(unread);
  EXPECT_EQ(unread->status, 401);
  const auto bad_body =
      http.Post("/api/v1/projects/demo/check", {{"Authorization", "Bearer " + reader}},
                R"({"format": "xml"})", "application/json");
  ASSERT_TRUE(bad_body);
  EXPECT_EQ(bad_body->status, 400) << bad_body->body;
  const auto no_confirm =
      http.Post("/api/v1/projects/demo/check", {{"Authorization", "Bearer " + reader}},
                R"({"confirm": 0})", "application/json");
  ASSERT_TRUE(no_confirm);
  EXPECT_EQ(no_confirm->status, 400) << no_confirm->body;
  server->stop(SIGTERM);

  // The server stored the check's alert, and judged as the command does here.
  EXPECT_EQ(json_of({"alert", "ls", "--format", "json"}).size(), 1u);
  const auto here = perfwatch({"check", "--format", "json", "--confirm", "1"});
  EXPECT_EQ(nlohmann::json::parse(here.out), verdict);
  // And its page of the job is the one `report` appends here.
  const auto local_page = dir / "local-summary.md";
  ASSERT_EQ(perfwatch(report_args, {{"GITHUB_STEP_SUMMARY", local_page.string()}}).exit_code, 0);
  EXPECT_EQ(testing::read_file(local_page), remote_page);
}

TEST(CommandsOnPostgres, AnUnreachableDatabaseIsBadInput) {
  ScratchDir dir;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"ls", "reports", "--postgres", "postgresql://127.0.0.1:1/none"},
           {"alert", "ls", "--postgres", "not a url"},
           {"check", "--postgres", "postgresql://127.0.0.1:1/none"},
           {"threshold", "ls"}}) {
    const auto listed =
        run_perfwatch(args, dir.path(), {{"PERFWATCH_POSTGRES", "postgresql://127.0.0.1:1/x"}});
    EXPECT_EQ(listed.exit_code, 2) << listed.err;
    EXPECT_NE(listed.err.find("--postgres"), std::string::npos) << listed.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb"));
}

}  // namespace
}  // namespace perfwatch
