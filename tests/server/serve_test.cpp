// perfwatch serve and ingest --server, end to end over loopback, on each store (the DuckDB
// file and PostgreSQL): submissions with tokens and scopes, rejected requests that change
// nothing, the client's spool, and a server killed with SIGKILL under load losing no
// acknowledged submission and keeping no half report.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "postgres_database.hpp"
#include "serve_process.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;
using testing::Server;

std::string submission(const std::string& project, const std::string& commit, double value) {
  return nlohmann::json{
      {"context",
       {{"project", project}, {"branch", "main"}, {"testbed", "ci"}, {"commit", commit}}},
      {"content", fmt::format(R"({{"parse": {{"latency": {{"value": {}}}}}}})", value)}}
      .dump();
}

enum class Backend { duckdb, postgres };

// Each test runs on both stores: the DuckDB file server.duckdb in its folder, and a fresh
// PostgreSQL database.
class Serve : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::postgres) postgres_ = std::make_unique<testing::PostgresDatabase>();
  }

  // The perfwatch arguments that run `subcommand` on this test's store.
  std::vector<std::string> on_store(std::vector<std::string> subcommand) const {
    if (postgres_) {
      subcommand.insert(subcommand.end(), {"--postgres", postgres_->url()});
    } else {
      subcommand.insert(subcommand.begin(), {"--db", "server.duckdb"});
    }
    return subcommand;
  }

  std::unique_ptr<Server> serve(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"serve", "--port", "0"});
    return std::make_unique<Server>(dir, on_store(extra));
  }

  std::string make_token(const std::string& project, const std::string& scope = "write") const {
    auto made = run_perfwatch(on_store({"token", "add", "--project", project, "--scope", scope}),
                              dir.path());
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return made.out.substr(0, made.out.find('\n'));
  }

  // Rows of `sql` on the store, as column names and values separated by tabs and newlines.
  std::string query(const std::string& sql) const {
    return testing::query_text((dir / "server.duckdb").string(),
                               postgres_ ? postgres_->url() : std::string(), sql);
  }

  ScratchDir dir;

 private:
  std::unique_ptr<testing::PostgresDatabase> postgres_;
};

void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::duckdb ? "duckdb" : "postgres");
}

INSTANTIATE_TEST_SUITE_P(Stores, Serve, ::testing::Values(Backend::duckdb, Backend::postgres),
                         [](const auto& info) {
                           return info.param == Backend::duckdb ? "duckdb" : "postgres";
                         });

TEST_P(Serve, TokensDecideWhoMayWriteAndRead) {
  const auto writer = make_token("demo");
  const auto reader = make_token("demo", "read");
  const auto other = make_token("other");
  auto server = serve();
  testing::write_file(dir / "r.json", R"({"parse": {"latency": {"value": 12}}})");
  const auto ingest = [&](const std::string& token, const std::string& commit) {
    return run_perfwatch(
        {"ingest", "--server", server->url(), "--token", token, "--project", "demo", "--branch",
         "main", "--testbed", "ci", "--commit", commit, "r.json"},
        dir.path());
  };
  auto stored = ingest(writer, "c1");
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.out.find("submitted as report"), std::string::npos) << stored.out;
  EXPECT_NE(ingest(writer, "c1").out.find("already has it"), std::string::npos);
  for (const auto* refused : {&reader, &other}) {
    auto denied = ingest(*refused, "c2");
    EXPECT_EQ(denied.exit_code, 2);
    EXPECT_NE(denied.err.find("refused the report (403)"), std::string::npos) << denied.err;
  }

  httplib::Client http("127.0.0.1", server->port());
  const auto get = [&](const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return http.Get(path.c_str(), headers);
  };
  auto metrics = get("/api/v1/projects/demo/metrics", reader);
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  const auto rows = nlohmann::json::parse(metrics->body);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["value"], 12.0);
  EXPECT_EQ(get("/api/v1/projects/demo/metrics", "")->status, 401);
  EXPECT_EQ(get("/api/v1/projects/demo/metrics", other)->status, 403);
  EXPECT_EQ(get("/api/v1/projects/nope/metrics", other)->status, 404);
  EXPECT_EQ(nlohmann::json::parse(get("/api/v1/projects", other)->body).size(), 1u);

  const auto make_public = [&] {
    return run_perfwatch(on_store({"token", "public", "--project", "demo"}), dir.path());
  };
  if (GetParam() == Backend::duckdb) {
    // The server holds the file: a second writer must wait until it stops.
    ASSERT_EQ(make_public().exit_code, 2) << "a second writer got in while the server runs";
    server->stop(SIGTERM);
  }
  // PostgreSQL takes many writers: the running server sees the change at once.
  const auto opened = make_public();
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  if (GetParam() == Backend::duckdb) server = serve();
  httplib::Client anyone("127.0.0.1", server->port());
  EXPECT_EQ(anyone.Get("/api/v1/projects/demo/reports")->status, 200);
  EXPECT_EQ(anyone.Post("/api/v1/reports", submission("demo", "c9", 1), "application/json")->status,
            401);
}

TEST_P(Serve, BadRequestsAreRefusedAndChangeNothing) {
  const auto token = make_token("demo");
  auto server = serve({"--max-body-mib", "1"});
  httplib::Client http("127.0.0.1", server->port());
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  const auto post = [&](const std::string& body) {
    return http.Post("/api/v1/reports", auth, body, "application/json");
  };
  struct Case {
    std::string body;
    int status;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"not json", 400, "not a JSON object"},
      {R"({"content": "{}"})", 400, "context: missing"},
      {R"({"context": {"project": "demo", "branch": "", "testbed": "ci"}, "content": "x"})", 400,
       "context.branch: empty"},
      {R"({"context": {"project": "demo", "branch": "main", "testbed": "ci"}, "content": "x"})",
       400, "not a format perfwatch reads"},
      {R"({"context": {"project": "demo", "branch": "main", "testbed": "ci"},
           "content": "{\"parse\": {\"latency\": {\"value\": \"fast\"}}}", "adapter": "bmf"})",
       400, "value"},
      {std::string(2 << 20, ' '), 413, "over the size limit"},
  };
  for (const auto& bad : cases) {
    auto response = post(bad.body);
    ASSERT_TRUE(response) << bad.body.substr(0, 80);
    EXPECT_EQ(response->status, bad.status) << bad.body.substr(0, 80) << ": " << response->body;
    const auto json = nlohmann::json::parse(response->body, nullptr, false);
    ASSERT_TRUE(json.is_object() && json.contains("error")) << response->body;
    EXPECT_NE(json["error"].get<std::string>().find(bad.message), std::string::npos)
        << response->body;
  }
  EXPECT_EQ(http.Get("/api/v1/nothing")->status, 404);
  server->stop(SIGTERM);
  EXPECT_EQ(query("SELECT count(*) AS n FROM report"), "n\n0\n");
  EXPECT_EQ(query("SELECT count(*) AS n FROM metric"), "n\n0\n");
}

// Without a token the server knows, a submission is answered 401 whatever its body: incomplete,
// malformed or whole, with the same answer each time, and nothing stored. A known token that may
// not write the project is authenticated, so its refusal (403) comes after the body is read.
TEST_P(Serve, SubmissionsWithoutAValidTokenAre401BeforeTheBodyIsRead) {
  const auto writer = make_token("demo");
  const auto reader = make_token("demo", "read");
  auto server = serve();
  httplib::Client http("127.0.0.1", server->port());
  const auto post = [&](const std::string& token, const std::string& body) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    return http.Post("/api/v1/reports", headers, body, "application/json");
  };
  const std::vector<std::string> bodies = {
      "not json",
      "{}",
      R"({"content": "{}"})",
      R"({"context": {"project": "demo"}})",
      R"({"context": {"project": "nope", "branch": "main", "testbed": "ci"}, "content": "x"})",
      submission("demo", "c1", 1),
  };
  // A token of the right shape that the server never made, and none at all.
  const std::string unknown = "pw_" + std::string(40, '0');
  std::set<std::string> answers;
  for (const std::string& token : {std::string(), unknown, std::string("Basic x")}) {
    for (const auto& body : bodies) {
      auto response = post(token, body);
      ASSERT_TRUE(response);
      EXPECT_EQ(response->status, 401) << "token '" << token << "', body " << body;
      answers.insert(response->body);
    }
  }
  EXPECT_EQ(answers.size(), 1u) << "401 answers differ, so they reveal something";
  // Known tokens reach validation: the writer's incomplete body is a 400, the reader's
  // submission a 403.
  EXPECT_EQ(post(writer, R"({"content": "{}"})")->status, 400);
  EXPECT_EQ(post(reader, submission("demo", "c1", 1))->status, 403);
  server->stop(SIGTERM);
  EXPECT_EQ(query("SELECT count(*) AS n FROM report"), "n\n0\n");
}

TEST_P(Serve, ClientKeepsWhatTheServerCannotTakeAndSendsItLater) {
  const auto token = make_token("demo");
  testing::write_file(dir / "r.json", R"({"parse": {"latency": {"value": 12}}})");
  const auto ingest = [&](const std::string& url, const std::string& commit) {
    return run_perfwatch({"ingest", "--server", url, "--token", token, "--project", "demo",
                          "--branch", "main", "--testbed", "ci", "--commit", commit, "r.json"},
                         dir.path());
  };
  std::string down_url;
  down_url = serve()->url();  // a port nothing listens on any more
  auto kept = ingest(down_url, "c1");
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.err.find("kept to send later"), std::string::npos) << kept.err;
  auto server = serve();
  auto later = ingest(server->url(), "c2");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_NE(later.out.find("sent 1 kept submissions"), std::string::npos) << later.out;
  server->stop(SIGTERM);
  EXPECT_EQ(query("SELECT commit_hash FROM report ORDER BY 1"), "commit_hash\nc1\nc2\n");
}

// Many clients at once, sending the same reports as each other in different orders: the server
// stores them many to a transaction, and each report is stored once, whole, and acknowledged as
// new (201) exactly once; every other copy is answered 200 with the same report id.
// `perfwatch run --server` sends its report (the receipt) instead of writing a database here; a
// server that is away gets it from the spool at the next run.
TEST_P(Serve, RunSubmitsItsReportAndKeepsItWhileTheServerIsAway) {
  const auto token = make_token("demo");
  testing::write_file(dir / "perfwatch.toml", R"(
[[benchmark]]
name = "noop"
command = ["true"]
)");
  const auto run = [&](const std::string& url, const std::string& commit) {
    return run_perfwatch(
        {"run", "--server", url, "--token", token, "--project", "demo", "--branch", "main",
         "--testbed", "ci", "--commit", commit, "--runs", "3", "--warmup", "0", "--quiet"},
        dir.path());
  };
  auto kept = run("http://127.0.0.1:9", "c1");  // the discard port: nothing listens
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  auto server = serve();
  auto sent = run(server->url(), "c2");
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(sent.err.find("sent 1 kept submissions"), std::string::npos) << sent.err;
  auto bad_url = run("ftp://nowhere", "c3");
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_NE(bad_url.err.find("--server"), std::string::npos) << bad_url.err;
  server->stop(SIGTERM);
  EXPECT_FALSE(std::filesystem::exists(dir / "perfwatch.duckdb")) << "no local database";
  EXPECT_EQ(query("SELECT r.commit_hash, b.name, m.n FROM report r JOIN metric m ON m.report = "
                  "r.id JOIN benchmark b ON b.id = m.benchmark JOIN measure s ON s.id = "
                  "m.measure WHERE s.slug = 'latency' ORDER BY 1"),
            "commit_hash\tname\tn\nc1\tnoop\t3\nc2\tnoop\t3\n");
}

// The GPU samples of a run (here from the stub NVML library, two GPUs, the second held by its
// power cap) reach the server's store through `ingest --server` of the receipt and through
// `run --server`, stored as the run stores them in a local database.
TEST_P(Serve, GpuSamplesArriveAsALocalRunStoresThem) {
  const auto token = make_token("demo");
  testing::write_file(dir / "perfwatch.toml",
                      "[[benchmark]]\nname = \"nap\"\ncommand = \"sleep 0.05\"\n");
  const std::map<std::string, std::string> gpus = {{"PERFWATCH_NVML_LIBRARY", PERFWATCH_STUB_NVML},
                                                   {"STUB_NVML_DEVICES", "2"},
                                                   {"STUB_NVML_THROTTLE", "0,0x4"}};
  const auto with_context = [](std::vector<std::string> args, const std::string& commit) {
    args.insert(args.end(), {"--project", "demo", "--branch", "main", "--testbed", "ci", "--commit",
                             commit, "--quiet"});
    return args;
  };
  const std::vector<std::string> runs = {"--runs", "3", "--warmup", "0", "--sample-interval", "5"};
  auto local_run = with_context({"run", "--db", "local.duckdb", "--out", "perf.json"}, "c1");
  local_run.insert(local_run.end(), runs.begin(), runs.end());
  const auto local = run_perfwatch(local_run, dir.path(), gpus);
  ASSERT_EQ(local.exit_code, 0) << local.err;

  auto server = serve();
  auto ingest =
      with_context({"ingest", "perf.json", "--server", server->url(), "--token", token}, "c1");
  ingest.pop_back();  // ingest has no --quiet
  const auto ingested = run_perfwatch(ingest, dir.path());
  ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  auto remote_run = with_context({"run", "--server", server->url(), "--token", token}, "c2");
  remote_run.insert(remote_run.end(), runs.begin(), runs.end());
  const auto ran = run_perfwatch(remote_run, dir.path(), gpus);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  server->stop(SIGTERM);

  // Whole numbers, so that both databases print them alike.
  const auto samples = [](const std::string& commit) {
    return "SELECT b.name, CAST(round(g.t_ms * 1000) AS BIGINT) AS t_us, g.gpu_index, "
           "g.sm_clock_mhz, g.mem_clock_mhz, CAST(round(g.util_percent) AS BIGINT) AS util, "
           "g.mem_used_bytes, CAST(round(g.power_w * 1000) AS BIGINT) AS power_mw, "
           "CAST(round(g.temperature_c) AS BIGINT) AS temperature, g.throttle_reasons, "
           "CAST(g.throttled AS INTEGER) AS throttled FROM gpu_sample g JOIN benchmark b ON "
           "b.id = g.benchmark JOIN report r ON r.id = g.report WHERE r.commit_hash = '" +
           commit + "' ORDER BY 1, 2, 3";
  };
  const auto stored_locally =
      testing::query_text((dir / "local.duckdb").string(), "", samples("c1"));
  EXPECT_NE(stored_locally.find("\t1\n"), std::string::npos) << "throttled: " << stored_locally;
  EXPECT_EQ(query(samples("c1")), stored_locally);
  EXPECT_EQ(query("SELECT count(DISTINCT g.gpu_index) AS gpus, max(CAST(g.throttled AS INTEGER)) "
                  "AS throttled, count(*) = 2 * (SELECT count(*) FROM resource_sample s JOIN "
                  "report q ON q.id = s.report WHERE q.commit_hash = 'c2') AS every_sample FROM "
                  "gpu_sample g JOIN report r ON r.id = g.report WHERE r.commit_hash = 'c2'"),
            "gpus\tthrottled\tevery_sample\n2\t1\t" +
                std::string(GetParam() == Backend::duckdb ? "true" : "t") + "\n");
}

TEST_P(Serve, ConcurrentDuplicateSubmissionsAreStoredOnceEachWithAllMetrics) {
  const auto token = make_token("demo");
  auto server = serve();
  constexpr int kClients = 8;
  constexpr int kReports = 40;
  std::mutex mutex;
  std::map<std::string, int> created;           // report id: 201 answers
  std::map<int, std::set<std::string>> ids_of;  // commit: report ids answered
  std::atomic<int> failures = 0;
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      httplib::Client http("127.0.0.1", server->port());
      const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      for (int i = 0; i < kReports; ++i) {
        const int commit = (i * (client + 1) + client) % kReports;
        const auto body = nlohmann::json{
            {"context",
             {{"project", "demo"},
              {"branch", "main"},
              {"testbed", "ci"},
              {"commit", fmt::format("c{}", commit)}}},
            {"content",
             fmt::format(
                 R"({{"parse": {{"latency": {{"value": {0}}}, "throughput": {{"value": {0}}}}},
                              "render": {{"latency": {{"value": 1}}}}}})",
                 commit)}};
        const auto response = http.Post("/api/v1/reports", auth, body.dump(), "application/json");
        if (!response || (response->status != 201 && response->status != 200)) {
          ++failures;
          continue;
        }
        const auto answer = nlohmann::json::parse(response->body);
        std::lock_guard lock(mutex);
        ids_of[commit].insert(answer["report"].get<std::string>());
        if (response->status == 201) {
          ++created[answer["report"].get<std::string>()];
          EXPECT_EQ(answer["metrics"], 3);
        }
      }
    });
  }
  for (auto& client : clients) client.join();
  server->stop(SIGTERM);
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(created.size(), static_cast<std::size_t>(kReports));
  for (const auto& [id, answers] : created) EXPECT_EQ(answers, 1) << id << " created twice";
  for (const auto& [commit, ids] : ids_of) EXPECT_EQ(ids.size(), 1u) << "commit c" << commit;
  EXPECT_EQ(query("SELECT count(*) AS n FROM report"), fmt::format("n\n{}\n", kReports));
  EXPECT_EQ(query("SELECT count(*) AS n FROM metric"), fmt::format("n\n{}\n", 3 * kReports));
  EXPECT_EQ(query("SELECT count(*) AS n FROM benchmark"), "n\n2\n");
  EXPECT_EQ(query("SELECT count(*) AS n FROM (SELECT report FROM metric GROUP BY report "
                  "HAVING count(*) <> 3) AS incomplete"),
            "n\n0\n");
}

TEST_P(Serve, TheSameReportSentManyTimesAtOnceIsStoredOnce) {
  const auto token = make_token("demo");
  auto server = serve();
  std::atomic<int> created = 0;
  std::atomic<int> already = 0;
  std::vector<std::thread> clients;
  for (int client = 0; client < 8; ++client) {
    clients.emplace_back([&] {
      httplib::Client http("127.0.0.1", server->port());
      const auto response = http.Post("/api/v1/reports", {{"Authorization", "Bearer " + token}},
                                      submission("demo", "same", 7), "application/json");
      if (response && response->status == 201) ++created;
      if (response && response->status == 200) ++already;
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(already, 7);
  server->stop(SIGTERM);
  EXPECT_EQ(query("SELECT count(*) AS n FROM report"), "n\n1\n");
  EXPECT_EQ(query("SELECT count(*) AS n FROM metric"), "n\n1\n");
}

TEST_P(Serve, KilledUnderLoadKeepsEveryAcknowledgedSubmissionWhole) {
  const auto token = make_token("demo");
  auto server = serve();
  std::atomic<bool> stop = false;
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::vector<std::thread> clients;
  // Enough clients that the writer stores many submissions to a transaction.
  for (int client = 0; client < 16; ++client) {
    clients.emplace_back([&, client] {
      httplib::Client http("127.0.0.1", server->port());
      const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      for (int i = 0; !stop; ++i) {
        const auto response =
            http.Post("/api/v1/reports", auth,
                      submission("demo", fmt::format("c{}-{}", client, i), i), "application/json");
        if (!response) break;  // the server is gone
        if (response->status == 201) {
          std::lock_guard lock(mutex);
          acknowledged.insert(nlohmann::json::parse(response->body)["report"]);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server->stop(SIGKILL);
  stop = true;
  for (auto& client : clients) client.join();
  ASSERT_GT(acknowledged.size(), 5u) << "too few submissions before the kill to show anything";

  server = serve();  // reopens: DuckDB replays its write-ahead log
  server->stop(SIGTERM);
  const auto stored = query("SELECT id::VARCHAR FROM report");
  for (const auto& id : acknowledged) {
    EXPECT_NE(stored.find(id), std::string::npos) << id << " was acknowledged but is lost";
  }
  EXPECT_EQ(query("SELECT count(*) AS n FROM report r WHERE NOT EXISTS (SELECT 1 FROM "
                  "metric x WHERE x.report = r.id)"),
            "n\n0\n");
  EXPECT_EQ(query("SELECT count(*) AS n FROM metric x WHERE x.report NOT IN (SELECT id "
                  "FROM report)"),
            "n\n0\n");
}

}  // namespace
}  // namespace perfwatch
