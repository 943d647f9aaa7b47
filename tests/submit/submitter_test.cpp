// The submit client against a real HTTP server on loopback: transient answers are retried before
// anything is spooled, refusals are errors and spool nothing.
#include "submit/submitter.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <thread>

#include "core/error.hpp"
#include "support/test_support.hpp"

namespace perfwatch::submit {
namespace {

// Answers POST /api/v1/reports with `statuses` in turn (the last one from then on).
class ReportsServer {
 public:
  explicit ReportsServer(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    server_.Post("/api/v1/reports", [this](const httplib::Request&, httplib::Response& response) {
      const auto index = std::min<std::size_t>(requests_++, statuses_.size() - 1);
      response.status = statuses_[index];
      response.set_content(response.status == 200
                               ? R"({"report": "r1", "stored": true, "metrics": 3})"
                               : R"({"error": "not now"})",
                           "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~ReportsServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_; }

 private:
  std::vector<int> statuses_;
  std::atomic<int> requests_{0};
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

const http::RetryPolicy kQuickRetry{3, std::chrono::milliseconds(1), std::chrono::milliseconds(1)};

bool spool_is_empty(const std::filesystem::path& spool) {
  return !std::filesystem::exists(spool) || std::filesystem::is_empty(spool);
}

TEST(Submitter, RetriesATransientAnswerBeforeSpooling) {
  ReportsServer server({503, 200});
  testing::ScratchDir dir;
  Submitter submitter(server.url(), "token", dir / "spool", kQuickRetry);
  const auto result = submitter.submit({{"adapter", "auto"}});
  EXPECT_TRUE(result.delivered) << result.message;
  EXPECT_EQ(result.report_id, "r1");
  EXPECT_EQ(server.requests(), 2);
  EXPECT_TRUE(spool_is_empty(dir / "spool"));
}

TEST(Submitter, KeepsInTheSpoolWhatStillFailsAfterTheRetries) {
  ReportsServer server({503});
  testing::ScratchDir dir;
  Submitter submitter(server.url(), "", dir / "spool", kQuickRetry);
  const auto result = submitter.submit({{"adapter", "auto"}});
  EXPECT_FALSE(result.delivered);
  EXPECT_NE(result.message.find("503"), std::string::npos) << result.message;
  EXPECT_EQ(server.requests(), 3);
  EXPECT_FALSE(spool_is_empty(dir / "spool"));
}

TEST(Submitter, ARefusalIsAnErrorAndIsNotRetriedOrKept) {
  ReportsServer server({400});
  testing::ScratchDir dir;
  Submitter submitter(server.url(), "", dir / "spool", kQuickRetry);
  EXPECT_THROW(submitter.submit({{"adapter", "auto"}}), InputError);
  EXPECT_EQ(server.requests(), 1);
  EXPECT_TRUE(spool_is_empty(dir / "spool"));
}

}  // namespace
}  // namespace perfwatch::submit
