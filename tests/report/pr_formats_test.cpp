// The pull-request formats of a summary built here value by value: Markdown, HTML, JSON, JUnit
// and GitHub annotations.
#include "report/pr_formats.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace perfwatch::report {
namespace {

detect::Verdict verdict(const std::string& benchmark, const std::string& measure,
                        detect::Status status, double value, std::optional<double> baseline) {
  detect::Verdict v;
  v.benchmark = benchmark;
  v.params = "{}";
  v.measure = measure;
  v.units = "ns";
  v.status = status;
  v.value = value;
  v.baseline = baseline;
  if (baseline) {
    v.lower_limit = *baseline * 0.9;
    v.upper_limit = *baseline * 1.1;
  }
  v.history_size = 8;
  return v;
}

PrSummary summary_with_one_regression() {
  PrSummary summary;
  summary.report_id = "0123abcd-0000-0000-0000-000000000000";
  summary.project = "demo";
  summary.branch = "feature";
  summary.history_branch = "main";
  summary.testbed = "ci";
  summary.commit = "c0ffee00c0ffee00";
  auto slow = verdict("parse|json", "latency", detect::Status::red, 140, 100);
  slow.params = R"({"size":8})";
  summary.changed.push_back({slow, "step", {}});
  summary.changed.push_back(
      {verdict("emit", "latency", detect::Status::improved, 50, 100), "", {}});
  summary.unchanged.push_back(
      {verdict("scan", "latency", detect::Status::green, 101, 100), "", {}});
  summary.unchanged.push_back({verdict("new", "latency", detect::Status::unknown, 7, {}), "", {}});
  summary.regressions = 1;
  summary.steps = 1;
  summary.improved = 1;
  summary.without_history = 1;
  return summary;
}

TEST(PrMarkdown, TablesValuesByANumericParameter) {
  auto summary = summary_with_one_regression();
  // parse|json at size 8 (the regression) and 64; hyperfine-style text "64" is a number too.
  auto wide = verdict("parse|json", "latency", detect::Status::green, 900, 880);
  wide.params = R"({"size":"64"})";
  summary.unchanged.push_back({wide, "", {}});
  const auto text = pr_markdown(summary);
  EXPECT_NE(text.find("<details><summary>Values by parameter</summary>\n\n**By `size`**\n\n"
                      "| Benchmark | Measure | Other params | size=8 | size=64 |\n"
                      "|---|---|---|--:|--:|\n"
                      "| `parse\\|json` | latency |  | 140 ns | 900 ns |\n"),
            std::string::npos)
      << text;
}

TEST(PrMarkdown, NoParameterTableWithOneValuePerBenchmark) {
  EXPECT_EQ(pr_markdown(summary_with_one_regression()).find("Values by parameter"),
            std::string::npos);
}

TEST(PrMarkdown, StartsWithTheMarkerAndAFailingHeadline) {
  const auto text = pr_markdown(summary_with_one_regression());
  EXPECT_EQ(text.rfind("<!-- perfwatch-report -->\n### ❌ perfwatch: 1 regression\n", 0), 0u)
      << text;
}

TEST(PrMarkdown, TablesChangedBenchmarksWithBaseHeadAndChange) {
  const auto text = pr_markdown(summary_with_one_regression());
  EXPECT_NE(
      text.find("| 🔴 regressed (step) | `parse\\|json [size=8]` | latency | 100 ns | 140 ns | "
                "+40.0% | 110 ns |"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("| 🔵 improved | `emit` | latency | 100 ns | 50 ns | -50.0% | 110 ns |"),
            std::string::npos)
      << text;
}

TEST(PrMarkdown, FoldsTheRestInDetails) {
  const auto text = pr_markdown(summary_with_one_regression());
  const auto details = text.find("<details><summary>2 benchmark measures");
  ASSERT_NE(details, std::string::npos) << text;
  EXPECT_GT(text.find("`scan`"), details);
  EXPECT_GT(text.find("⚪ no history | `new` | latency | – | 7 ns | – | – |"), details) << text;
  EXPECT_LT(text.find("`parse"), details);
}

TEST(PrMarkdown, AllGreenSaysNoRegression) {
  PrSummary summary;
  summary.report_id = "0123abcd";
  summary.unchanged.push_back(
      {verdict("scan", "latency", detect::Status::green, 101, 100), "", {}});
  const auto text = pr_markdown(summary);
  EXPECT_NE(text.find("### ✅ perfwatch: no regression"), std::string::npos) << text;
  EXPECT_EQ(text.find("| Status"), text.rfind("| Status")) << "only the folded table";
}

TEST(PrMarkdown, ShowsTheAbComparisonWhenThereIsABaseReport) {
  auto summary = summary_with_one_regression();
  summary.base_report_id = "99999999-0000";
  summary.changed[0].ab = AbResult{100, 140, 1.4, 1.3, 1.5, 0.002, detect::Change::worse};
  const auto text = pr_markdown(summary);
  EXPECT_NE(text.find("| A/B vs base |"), std::string::npos);
  EXPECT_NE(text.find("+40.0% [+30.0%, +50.0%] worse (p=0.002)"), std::string::npos) << text;
}

TEST(PrHtml, EscapesAndFolds) {
  auto summary = summary_with_one_regression();
  summary.changed[0].verdict.benchmark = "a<b>&c";
  const auto html = pr_html(summary);
  EXPECT_EQ(html.rfind("<!-- perfwatch-report -->", 0), 0u);
  EXPECT_NE(html.find("a&lt;b&gt;&amp;c"), std::string::npos) << html;
  EXPECT_NE(html.find("<details><summary>2 benchmark"), std::string::npos);
}

TEST(PrJson, CarriesExactNumbersAndTheVerdict) {
  const auto json = pr_json(summary_with_one_regression());
  EXPECT_EQ(json["verdict"], "regression");
  EXPECT_EQ(json["regressions"], 1);
  ASSERT_EQ(json["changed"].size(), 2u);
  EXPECT_EQ(json["changed"][0]["params"]["size"], 8);
  EXPECT_DOUBLE_EQ(json["changed"][0]["change"].get<double>(), 0.4);
  EXPECT_EQ(json["changed"][0]["shape"], "step");
  EXPECT_TRUE(json["unchanged"][1]["base"].is_null());
}

TEST(PrJunit, RegressionsAreFailuresAndNoHistoryIsSkipped) {
  const auto xml = pr_junit(summary_with_one_regression());
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  const auto suite = document.child("testsuites").child("testsuite");
  EXPECT_EQ(suite.attribute("tests").as_int(), 4);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 1);
  int failures = 0, skipped = 0;
  for (auto testcase : suite.children("testcase")) {
    if (testcase.child("failure")) {
      ++failures;
      EXPECT_STREQ(testcase.attribute("classname").value(), "demo.parse|json [size=8]");
      EXPECT_STREQ(testcase.attribute("name").value(), "latency");
      EXPECT_NE(std::string(testcase.child("failure").attribute("message").value()).find("140 ns"),
                std::string::npos);
    }
    if (testcase.child("skipped")) ++skipped;
  }
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(xml.find("<?xml"), xml.rfind("<?xml")) << "one declaration";
}

TEST(GithubAnnotations, OneErrorPerRegressionWithEscapedText) {
  const auto lines = github_annotations(summary_with_one_regression());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("::error title=perfwatch%3A parse|json [size=8] regressed (step)::", 0),
            0u)
      << lines[0];
  EXPECT_NE(lines[0].find("(+40.0%25)"), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace perfwatch::report
