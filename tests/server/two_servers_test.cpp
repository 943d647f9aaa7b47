// Scaling out: two `perfwatch serve` processes over one PostgreSQL database take submissions
// side by side, the same reports sent to both at once included; every report is stored once,
// whole, and each is answered "created" (201) by exactly one of them.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
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

TEST(TwoServers, SharingOnePostgresDatabaseStoreEachReportOnce) {
  testing::PostgresDatabase postgres;
  ScratchDir dir;
  const auto made = run_perfwatch(
      {"token", "add", "--project", "demo", "--postgres", postgres.url()}, dir.path());
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto token = made.out.substr(0, made.out.find('\n'));
  const std::vector<std::string> serve = {"serve", "--port", "0", "--postgres", postgres.url()};
  Server first(dir, serve);
  Server second(dir, serve);

  constexpr int kClients = 8;
  constexpr int kReports = 40;
  std::mutex mutex;
  std::map<std::string, int> created;           // report id: 201 answers, from either server
  std::map<int, std::set<std::string>> ids_of;  // commit: report ids answered
  std::atomic<int> failures = 0;
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      httplib::Client to_first("127.0.0.1", first.port());
      httplib::Client to_second("127.0.0.1", second.port());
      const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
      for (int i = 0; i < kReports; ++i) {
        // Every client sends every commit, in its own order, each time to the other server.
        const int commit = (i * (client + 1) + client) % kReports;
        const auto body =
            nlohmann::json{{"context",
                            {{"project", "demo"},
                             {"branch", "main"},
                             {"testbed", "ci"},
                             {"commit", fmt::format("c{}", commit)}}},
                           {"content", fmt::format(R"({{"parse": {{"latency": {{"value": {0}}},
                                "throughput": {{"value": {0}}}}}, "render": {{"latency":
                                {{"value": 1}}}}}})",
                                                   commit)}};
        auto& http = (i + client) % 2 ? to_second : to_first;
        const auto response = http.Post("/api/v1/reports", auth, body.dump(), "application/json");
        if (!response || (response->status != 201 && response->status != 200)) {
          ++failures;
          continue;
        }
        const auto answer = nlohmann::json::parse(response->body);
        std::lock_guard lock(mutex);
        ids_of[commit].insert(answer["report"].get<std::string>());
        if (response->status == 201) ++created[answer["report"].get<std::string>()];
      }
    });
  }
  for (auto& client : clients) client.join();
  first.stop(SIGTERM);
  second.stop(SIGTERM);

  EXPECT_EQ(failures, 0);
  EXPECT_EQ(created.size(), static_cast<std::size_t>(kReports));
  for (const auto& [id, answers] : created) EXPECT_EQ(answers, 1) << id << " created twice";
  for (const auto& [commit, ids] : ids_of) EXPECT_EQ(ids.size(), 1u) << "commit c" << commit;
  const auto query = [&](const std::string& sql) {
    return testing::query_text("", postgres.url(), sql);
  };
  EXPECT_EQ(query("SELECT count(*) AS n FROM report"), fmt::format("n\n{}\n", kReports));
  EXPECT_EQ(query("SELECT count(*) AS n FROM metric"), fmt::format("n\n{}\n", 3 * kReports));
  EXPECT_EQ(query("SELECT count(*) AS n FROM benchmark"), "n\n2\n");
  EXPECT_EQ(query("SELECT count(*) AS n FROM (SELECT report FROM metric GROUP BY report "
                  "HAVING count(*) <> 3) AS incomplete"),
            "n\n0\n");
}

}  // namespace
}  // namespace perfwatch
