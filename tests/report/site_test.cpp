// perfwatch report end to end through the binary: the site's files and data, and the summary
// formats with GitHub's step summary, on histories generated here as BMF files.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace perfwatch {
namespace {

using testing::run_perfwatch;
using testing::ScratchDir;

void store(const ScratchDir& dir, const std::string& branch, int commit, double latency) {
  const auto file = dir / fmt::format("r{}-{}.json", branch, commit);
  testing::write_file(file, fmt::format(R"({{"parse": {{"latency": {{"value": {0},
      "lower_value": {1}, "upper_value": {2}}}}}}})",
                                        latency, latency - 1, latency + 1));
  const auto result = run_perfwatch({"ingest", "--project", "demo", "--branch", branch, "--testbed",
                                     "ci", "--commit", fmt::format("c{}", commit), file.string()},
                                    dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

// Six ordinary reports on main, then three 40 % slower (an established regression); two on a
// feature branch.
void store_history(const ScratchDir& dir) {
  const double latencies[] = {100, 103, 98, 101, 97, 102, 141, 139, 140};
  for (int i = 0; i < 9; ++i) store(dir, "main", i, latencies[i]);
  store(dir, "feature", 20, 90);
  store(dir, "feature", 21, 91);
}

// The JSON a data file stores under its key.
nlohmann::json read_data(const std::filesystem::path& path) {
  const auto text = testing::read_file(path);
  const auto start = text.find("]=");
  const auto end = text.rfind(';');
  EXPECT_EQ(text.rfind("(window.PW_DATA=window.PW_DATA||{})[", 0), 0u) << path;
  return nlohmann::json::parse(text.substr(start + 2, end - start - 2));
}

TEST(ReportSite, WritesEveryPageAssetAndDataFile) {
  ScratchDir dir;
  store_history(dir);
  const auto result = run_perfwatch({"report", "--out", "site"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("1 benchmarks, 2 series, 11 reports"), std::string::npos) << result.out;
  for (const auto* page : {"index.html", "benchmark.html", "matrix.html", "reports.html",
                           "report.html", "alerts.html", "compare.html"}) {
    const auto html = testing::read_file(dir / "site" / page);
    EXPECT_NE(html.find("<script src=\"assets/uPlot.iife.min.js\"></script>"), std::string::npos);
    EXPECT_EQ(html.find("http"), std::string::npos) << page << " must not need the network";
  }
  // The A/B page is plain HTML; with no session stored it says how to make one.
  const auto ab = testing::read_file(dir / "site" / "ab.html");
  EXPECT_NE(ab.find("No A/B session is stored"), std::string::npos) << ab;
  EXPECT_EQ(ab.find("http"), std::string::npos) << "ab.html must not need the network";
  for (const auto* asset : {"uPlot.iife.min.js", "uPlot.min.css", "style.css", "common.js",
                            "charts.js", "pages.js", "benchmark_page.js"}) {
    EXPECT_TRUE(std::filesystem::file_size(dir / "site" / "assets" / asset) > 0) << asset;
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "data" / "r" / "10.js"));
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "badges" / "overall.svg"));
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "badges" / "benchmark-parse.json"));
}

TEST(ReportSite, SummarisesEachSeriesWithItsNewestValueAndStatus) {
  ScratchDir dir;
  store_history(dir);
  ASSERT_EQ(run_perfwatch({"report", "--out", "site"}, dir.path()).exit_code, 0);
  const auto site = read_data(dir / "site" / "data" / "site.js");
  ASSERT_EQ(site["series"].size(), 2u);
  ASSERT_EQ(site["reports"].size(), 11u);
  for (const auto& series : site["series"]) {
    const auto branch =
        site["branches"][0]["id"] == series["branch"] ? site["branches"][0] : site["branches"][1];
    if (branch["name"] == "main") {
      EXPECT_EQ(series["n"], 9);
      EXPECT_EQ(series["latest"], 140);
      EXPECT_EQ(series["status"], "red");
      EXPECT_EQ(series["spark"].size(), 9u);
      EXPECT_EQ(series["spark"][8], 140);
      EXPECT_EQ(site["reports"][series["report"].get<int>()]["commit"], "c8");
    } else {
      EXPECT_EQ(series["n"], 2);
      EXPECT_EQ(series["latest"], 91);
      EXPECT_EQ(series["status"], "unknown") << "two values are too few for a verdict";
    }
  }
}

TEST(ReportSite, BenchmarkHistoryHasValuesBoundsReportsInOrder) {
  ScratchDir dir;
  store_history(dir);
  ASSERT_EQ(run_perfwatch({"report", "--out", "site"}, dir.path()).exit_code, 0);
  const auto site = read_data(dir / "site" / "data" / "site.js");
  const auto id = site["benchmarks"][0]["id"].get<int>();
  const auto history = read_data(dir / "site" / "data" / "b" / fmt::format("{}.js", id));
  bool saw_main = false;
  for (const auto& series : history["series"]) {
    const auto& summary = site["series"][series["i"].get<int>()];
    if (summary["n"] != 9) continue;
    saw_main = true;
    ASSERT_EQ(series["v"].size(), 9u);
    EXPECT_EQ(series["v"][0], 100);
    EXPECT_EQ(series["v"][8], 140);
    EXPECT_EQ(series["lo"][8], 139);
    EXPECT_EQ(series["hi"][8], 141);
    EXPECT_LE(series["t"][0].get<double>(), series["t"][8].get<double>());
    EXPECT_EQ(site["reports"][series["r"][0].get<int>()]["commit"], "c0");
    EXPECT_EQ(series["samples"], false);
  }
  EXPECT_TRUE(saw_main);
}

TEST(ReportSite, ReplacesAnEarlierSiteButNoOtherFolder) {
  ScratchDir dir;
  store_history(dir);
  ASSERT_EQ(run_perfwatch({"report", "--out", "site"}, dir.path()).exit_code, 0);
  testing::write_file(dir / "site" / "stale.txt", "from before");
  ASSERT_EQ(run_perfwatch({"report", "--out", "site"}, dir.path()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir / "site" / "stale.txt"));

  std::filesystem::create_directories(dir / "mine");
  testing::write_file(dir / "mine" / "notes.txt", "keep");
  const auto refused = run_perfwatch({"report", "--out", "mine"}, dir.path());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--out"), std::string::npos) << refused.err;
  EXPECT_EQ(testing::read_file(dir / "mine" / "notes.txt"), "keep");
}

TEST(ReportSite, UnknownProjectIsAnInputError) {
  ScratchDir dir;
  store_history(dir);
  const auto result = run_perfwatch({"report", "--out", "site", "--project", "nope"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--project"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "site"));
}

TEST(ReportSite, StatusesFollowTheThresholdsOfTheConfiguration) {
  ScratchDir dir;
  store_history(dir);
  testing::write_file(dir / "loose.toml", R"([[threshold]]
measure = "latency"
test = "static"
upper = 1000
)");
  ASSERT_EQ(
      run_perfwatch({"report", "--out", "site", "--config", "loose.toml"}, dir.path()).exit_code,
      0);
  const auto site = read_data(dir / "site" / "data" / "site.js");
  for (const auto& series : site["series"]) {
    if (series["latest"] == 140) {
      EXPECT_EQ(series["status"], "green") << "140 ns is under 1000 ns";
    }
  }
  const auto missing =
      run_perfwatch({"report", "--out", "site", "--config", "nope.toml"}, dir.path());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--config"), std::string::npos) << missing.err;
}

TEST(ReportSummary, MarkdownOfTheNewestReportWithItsRegression) {
  ScratchDir dir;
  store_history(dir);
  const auto result =
      run_perfwatch({"report", "--format", "markdown", "--branch", "main"}, dir.path());
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.rfind("<!-- perfwatch-report -->\n### ❌ perfwatch: 1 regression", 0), 0u)
      << result.out;
  EXPECT_NE(result.out.find("| `parse` | latency |"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("| 140 ns | +"), std::string::npos) << result.out;
}

TEST(ReportSummary, FailOnRegressionExitsOne) {
  ScratchDir dir;
  store_history(dir);
  EXPECT_EQ(
      run_perfwatch({"report", "--format", "json", "--branch", "main", "--fail-on", "regression"},
                    dir.path())
          .exit_code,
      1);
}

TEST(ReportSummary, AppendsToTheGithubStepSummaryAndAnnotates) {
  ScratchDir dir;
  store_history(dir);
  const auto summary = dir / "step_summary.md";
  testing::write_file(summary, "earlier step\n");
  const std::map<std::string, std::string> env = {{"GITHUB_STEP_SUMMARY", summary.string()},
                                                  {"GITHUB_ACTIONS", "true"}};
  const auto result = run_perfwatch(
      {"report", "--format", "junit", "--branch", "main", "-o", "junit.xml"}, dir.path(), env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("::error title=perfwatch%3A parse regressed"), std::string::npos)
      << result.err;
  const auto text = testing::read_file(summary);
  EXPECT_EQ(text.rfind("earlier step\n<!-- perfwatch-report -->", 0), 0u) << text;
  const auto junit = testing::read_file(dir / "junit.xml");
  EXPECT_NE(junit.find("failures=\"1\""), std::string::npos) << junit;
}

TEST(ReportSummary, BadBaseReportNamesTheFlag) {
  ScratchDir dir;
  store_history(dir);
  const auto result =
      run_perfwatch({"report", "--format", "markdown", "--base-report", "ffffffff"}, dir.path());
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--base-report"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace perfwatch
