// Comment bodies cut to the provider's limit (issue 15: ~220 benchmarks exceeded GitHub's 65,536
// characters and the comment was refused).
#include "notify/comment_limit.hpp"

#include <gtest/gtest.h>

#include "notify/loopback_server.hpp"
#include "support/test_support.hpp"

namespace perfwatch {
namespace {

// A perfwatch comment: the verdict, then `rows` table lines inside a collapsed section.
std::string long_comment(int rows) {
  std::string body =
      "<!-- perfwatch-report -->\n### ❌ perfwatch: 1 regression\n\n"
      "<details><summary>measures without a significant change</summary>\n\n"
      "| Status | Benchmark | Measure | Base | Head | Change |\n|---|---|---|---|---|---|\n";
  for (int row = 0; row < rows; ++row) {
    body += "| 🟢 ok | parse_json_document_" + std::to_string(row) +
            " [size=1048576] | latency | 1.234 ms | 1.236 ms | +0.2% | ±3.1% | 0.98–1.02 |\n";
  }
  return body + "\n</details>\n\n<sub>perfwatch report 0123abcd</sub>\n";
}

TEST(FitComment, AShortBodyIsUnchanged) {
  const auto body = long_comment(3);
  EXPECT_EQ(notify::fit_comment(body, notify::github_comment_limit, "https://ci/run/1"), body);
}

TEST(FitComment, ALongBodyIsCutAtALineWithItsDetailsClosedAndALink) {
  const auto body = long_comment(1000);
  ASSERT_GT(body.size(), notify::github_comment_limit);
  const auto cut = notify::fit_comment(body, notify::github_comment_limit, "https://ci/run/1");
  EXPECT_LE(cut.size(), notify::github_comment_limit);
  EXPECT_GT(cut.size(), notify::github_comment_limit - 400);
  EXPECT_EQ(cut.rfind("<!-- perfwatch-report -->\n### ❌ perfwatch: 1 regression", 0), 0u);
  const auto note = cut.substr(cut.rfind("</details>\n"));
  EXPECT_NE(note.find("\n> ✂️ This comment was cut at "), std::string::npos) << note;
  EXPECT_NE(note.find("of " + std::to_string(body.size()) +
                      " bytes to fit the comment size limit; the full report is "
                      "[here](https://ci/run/1).\n"),
            std::string::npos)
      << note;
  // Whole table lines only: the line before the closing tag is a complete row.
  const auto before = cut.substr(0, cut.rfind("</details>\n"));
  const std::string row_end = "| 0.98–1.02 |\n";
  EXPECT_EQ(before.substr(before.size() - row_end.size()), row_end);
  // Without a link it says where the report is.
  EXPECT_NE(notify::fit_comment(body, 1000, "")
                .find("the full report is in the CI run's "
                      "artifacts.\n"),
            std::string::npos);
  EXPECT_LE(notify::fit_comment(body, 1000, "").size(), 1000u);
}

TEST(FitComment, TheCommandPostsTheCutBody) {
  testing::LoopbackServer server;
  testing::ScratchDir dir;
  testing::write_file(dir / "comment.md", long_comment(1000));
  auto result = testing::run_perfwatch(
      {"notify", "github-comment", "--pr", "7", "--body-file", "comment.md"}, dir.path(),
      {{"GITHUB_API_URL", server.url()},
       {"GITHUB_TOKEN", server.token},
       {"GITHUB_REPOSITORY", "acme/demo"},
       {"GITHUB_SERVER_URL", "https://github.test"},
       {"GITHUB_RUN_ID", "42"}});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto body = server.comments_of(7).at(0)["body"].get<std::string>();
  EXPECT_LE(body.size(), notify::github_comment_limit);
  EXPECT_NE(body.find("[here](https://github.test/acme/demo/actions/runs/42)"), std::string::npos);
  auto tiny = testing::run_perfwatch(
      {"notify", "github-comment", "--pr", "7", "--body-file", "comment.md", "--max-length", "10"},
      dir.path());
  EXPECT_EQ(tiny.exit_code, 2);
  EXPECT_NE(tiny.err.find("--max-length"), std::string::npos) << tiny.err;
}

}  // namespace
}  // namespace perfwatch
