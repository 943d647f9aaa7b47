// A PrSummary (pr_summary.hpp) as a pull-request comment in Markdown or HTML, as JSON, as JUnit
// XML, and as GitHub Actions workflow annotations.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/pr_summary.hpp"

namespace perfwatch::report {

// Starts every comment perfwatch writes, so that a CI job can find and update its own comment
// instead of adding another.
inline constexpr std::string_view comment_marker = "<!-- perfwatch-report -->";

// GitHub-flavoured Markdown: the marker, a headline, a table of the changed benchmarks (base,
// head, change, status; the A/B test when there is a base report), the rest in <details>, SLOs.
std::string pr_markdown(const PrSummary& summary);
// The same as an HTML fragment (for tools that take HTML, and e-mail).
std::string pr_html(const PrSummary& summary);
// Everything, with exact numbers.
nlohmann::ordered_json pr_json(const PrSummary& summary);
// One <testcase> per benchmark and measure, and per SLO; regressions and violated SLOs are
// <failure>s, values without enough history <skipped>.
std::string pr_junit(const PrSummary& summary);
// "::error title=...::message" for each regression and violated SLO.
std::vector<std::string> github_annotations(const PrSummary& summary);

}  // namespace perfwatch::report
