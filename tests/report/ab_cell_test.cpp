// The A/B cell of the pull-request table when the base's median is zero (a measure that reads 0,
// such as system_time of a tiny command): the ratio is not a number and the cell read "+nan%"
// (issue 15); it reads "–" instead.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "report/pr_formats.hpp"

namespace perfwatch::report {
namespace {

TEST(AbCell, ARatioThatIsNotANumberIsADash) {
  PrSummary summary;
  summary.report_id = "0123abcd-0000-0000-0000-000000000000";
  summary.base_report_id = "99999999-0000-0000-0000-000000000000";
  detect::Verdict verdict;
  verdict.benchmark = "tick";
  verdict.params = "{}";
  verdict.measure = "system_time";
  verdict.units = "ns";
  verdict.status = detect::Status::green;
  verdict.value = 0;
  AbResult nan_ab;
  nan_ab.ratio = std::numeric_limits<double>::quiet_NaN();
  nan_ab.ratio_lower = std::numeric_limits<double>::quiet_NaN();
  nan_ab.ratio_upper = std::numeric_limits<double>::infinity();
  AbResult finite_ab;
  finite_ab.ratio = 1.25;
  summary.unchanged.push_back({verdict, "", nan_ab});
  summary.unchanged.push_back({verdict, "", finite_ab});
  const auto text = pr_markdown(summary);
  EXPECT_EQ(text.find("nan"), std::string::npos) << text;
  EXPECT_EQ(text.find("inf"), std::string::npos) << text;
  EXPECT_NE(text.find("| – |\n"), std::string::npos) << text;
  EXPECT_NE(text.find("| +25.0% ? |\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace perfwatch::report
