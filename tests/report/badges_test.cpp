// Badges: SVG and shields.io endpoint JSON, and which badges a catalog gives.
#include "report/badges.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>

namespace perfwatch::report {
namespace {

TEST(BadgeSvg, IsWellFormedAndSizedToItsText) {
  const Badge badge{"parse <json>", "1.23 ms", badge_color("green")};
  const auto svg = badge_svg(badge);
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(svg.c_str())) << svg;
  const auto root = document.child("svg");
  EXPECT_EQ(root.attribute("width").as_int(),
            text_width("parse <json>") + 10 + text_width("1.23 ms") + 10);
  EXPECT_STREQ(root.child("title").text().get(), "parse <json>: 1.23 ms");
  EXPECT_NE(svg.find("fill=\"#44cc11\""), std::string::npos);
}

TEST(BadgeSvg, WiderTextMakesAWiderBadge) {
  EXPECT_GT(text_width("WWWW"), text_width("iiii"));
  EXPECT_GT(text_width("regressed"), text_width("ok"));
}

TEST(BadgeEndpoint, FollowsShieldsSchema) {
  const auto json = nlohmann::json::parse(badge_endpoint_json({"api", "2 regressed", "#e05d44"}));
  EXPECT_EQ(json["schemaVersion"], 1);
  EXPECT_EQ(json["label"], "api");
  EXPECT_EQ(json["message"], "2 regressed");
  EXPECT_EQ(json["color"], "e05d44");
}

nlohmann::ordered_json catalog() {
  return nlohmann::ordered_json::parse(R"({
    "projects": [{"id": 1, "slug": "demo", "name": "demo"}],
    "branches": [{"id": 1, "project": 1, "name": "feature"}, {"id": 2, "project": 1, "name": "main"}],
    "testbeds": [{"id": 1, "project": 1, "name": "ci"}],
    "measures": [{"id": 1, "project": 1, "slug": "latency", "units": "ns", "direction": "lower_is_better"}],
    "benchmarks": [{"id": 1, "project": 1, "name": "parse", "params": {"size": 8}},
                   {"id": 2, "project": 1, "name": "emit", "params": {}}],
    "reports": [{"branch": 1}, {"branch": 1}, {"branch": 2}],
    "series": [
      {"benchmark": 1, "measure": 1, "branch": 2, "testbed": 1, "latest": 1500000, "status": "red"},
      {"benchmark": 1, "measure": 1, "branch": 1, "testbed": 1, "latest": 900, "status": "green"},
      {"benchmark": 2, "measure": 1, "branch": 2, "testbed": 1, "latest": 42, "status": "green"}]
  })");
}

const Badge& find(const std::vector<NamedBadge>& badges, const std::string& stem) {
  for (const auto& named : badges) {
    if (named.file_stem == stem) return named.badge;
  }
  throw std::runtime_error("no badge " + stem);
}

TEST(BadgeInputs, OnePerBenchmarkProjectAndOverallFromTheHomeBranch) {
  const auto badges = badge_inputs(catalog());
  ASSERT_EQ(badges.size(), 4u);
  const auto& parse = find(badges, "benchmark-parse-size-8");
  EXPECT_EQ(parse.label, "parse size=8");
  EXPECT_EQ(parse.message, "1.50 ms · regressed")
      << "main is home although feature has more reports";
  EXPECT_EQ(parse.color, badge_color("red"));
  EXPECT_EQ(find(badges, "benchmark-emit").message, "42 ns");
  EXPECT_EQ(find(badges, "project-demo").message, "1 of 2 regressed");
  EXPECT_EQ(find(badges, "overall").color, badge_color("red"));
}

}  // namespace
}  // namespace perfwatch::report
