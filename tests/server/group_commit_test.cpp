#include "server/group_commit.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <thread>

#include "server/submission.hpp"
#include "store/database.hpp"
#include "store/duckdb_report_store.hpp"
#include "support/test_support.hpp"

namespace perfwatch::server {
namespace {

ReportRecord submission(const std::string& commit, const std::string& benchmark) {
  return parse_submission(
      {{"context",
        {{"project", "demo"}, {"branch", "main"}, {"testbed", "ci"}, {"commit", commit}}},
       {"content", fmt::format(R"({{"{}": {{"latency": {{"value": 5}}}}}})", benchmark)}});
}

int64_t reports(Database& database) {
  return database.connection().query("SELECT count(*) FROM report").int64(0, 0);
}

TEST(GroupCommit, AnswersEverySubmissionAfterItsCommit) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  std::vector<StoredReport> answers(16);
  {
    const auto connection = database->connect();
    GroupCommit writer(std::make_unique<DuckdbReportStore>(*connection), 4);
    std::vector<std::thread> threads;
    for (std::size_t index = 0; index < answers.size(); ++index) {
      threads.emplace_back([&, index] {
        answers[index] = writer.store(submission(fmt::format("c{}", index % 8), "parse"));
      });
    }
    for (auto& thread : threads) thread.join();
  }
  EXPECT_EQ(reports(*database), 8);
  std::size_t stored = 0;
  for (const auto& answer : answers) stored += answer.stored ? 1 : 0;
  EXPECT_EQ(stored, 8u) << "each of the 8 reports is new to exactly one of its 2 submissions";
}

TEST(GroupCommit, FailedBatchAnswersWithItsErrorAndStoresNothing) {
  testing::ScratchDir dir;
  auto database = Database::open({(dir / "db.duckdb").string()});
  const auto connection = database->connect();
  GroupCommit writer(std::make_unique<DuckdbReportStore>(*connection), 16);
  EXPECT_TRUE(writer.store(submission("c1", "parse")).stored);
  // Another writer takes the id the writer thread would give its next benchmark, which it
  // cannot know: its next transaction fails in the database.
  database->connection().execute(
      "INSERT INTO benchmark SELECT max(id) + 1, 1, 'elsewhere', '{}' FROM benchmark");
  EXPECT_THROW(writer.store(submission("c2", "render")), db::DatabaseError);
  EXPECT_EQ(reports(*database), 1);
  EXPECT_TRUE(writer.store(submission("c2", "render")).stored) << "the next batch works again";
  EXPECT_EQ(reports(*database), 2);
}

}  // namespace
}  // namespace perfwatch::server
