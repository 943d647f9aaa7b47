#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "report/pr_formats.hpp"

namespace perfwatch::report {

std::string pr_junit(const PrSummary& summary) {
  pugi::xml_document document;

  const auto verdicts = summary.changed.size() + summary.unchanged.size();
  const auto tests = verdicts + summary.objectives.size();
  const auto failures = summary.regressions + summary.slo_violations;
  auto suites = document.append_child("testsuites");
  suites.append_attribute("name") = "perfwatch";
  suites.append_attribute("tests") = static_cast<unsigned long long>(tests);
  suites.append_attribute("failures") = static_cast<unsigned long long>(failures);
  suites.append_attribute("errors") = 0;
  suites.append_attribute("skipped") = static_cast<unsigned long long>(summary.without_history);

  auto suite = suites.append_child("testsuite");
  suite.append_attribute("name") =
      fmt::format("perfwatch {} {} on {}", summary.project, summary.branch, summary.testbed)
          .c_str();
  suite.append_attribute("tests") = static_cast<unsigned long long>(tests);
  suite.append_attribute("failures") = static_cast<unsigned long long>(failures);
  suite.append_attribute("errors") = 0;
  suite.append_attribute("skipped") = static_cast<unsigned long long>(summary.without_history);
  auto properties = suite.append_child("properties");
  for (const auto& [name, value] :
       {std::pair<const char*, std::string>{"report", summary.report_id},
        {"commit", summary.commit},
        {"history_branch", summary.history_branch},
        {"ci_run_url", summary.ci_run_url}}) {
    auto property = properties.append_child("property");
    property.append_attribute("name") = name;
    property.append_attribute("value") = value.c_str();
  }

  for (const auto* rows : {&summary.changed, &summary.unchanged}) {
    for (const auto& row : *rows) {
      const auto& v = row.verdict;
      auto testcase = suite.append_child("testcase");
      testcase.append_attribute("classname") =
          fmt::format("{}.{}", summary.project, benchmark_label(v)).c_str();
      testcase.append_attribute("name") = v.measure.c_str();
      testcase.append_attribute("time") = "0";
      if (v.status == detect::Status::red) {
        auto failure = testcase.append_child("failure");
        failure.append_attribute("type") = ("regression " + row.shape).c_str();
        failure.append_attribute("message") = (benchmark_label(v) + ": " + v.describe()).c_str();
        failure.text() = (v.describe() + "\n").c_str();
      } else if (v.status == detect::Status::unknown) {
        testcase.append_child("skipped").append_attribute("message") = v.describe().c_str();
      } else {
        testcase.append_child("system-out").text() =
            (std::string(detect::to_string(v.status)) + ": " + v.describe()).c_str();
      }
    }
  }
  for (const auto& objective : summary.objectives) {
    auto testcase = suite.append_child("testcase");
    testcase.append_attribute("classname") =
        fmt::format("{}.{}.slo", summary.project, objective.benchmark).c_str();
    testcase.append_attribute("name") =
        fmt::format("{} {} {}{}", objective.objective.measure,
                    objective.objective.at_least ? ">=" : "<=", objective.objective.limit,
                    objective.objective.unit.empty() ? "" : " " + objective.objective.unit)
            .c_str();
    testcase.append_attribute("time") = "0";
    if (!objective.met) {
      auto failure = testcase.append_child("failure");
      failure.append_attribute("type") = "slo";
      failure.append_attribute("message") = objective.describe().c_str();
    }
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

}  // namespace perfwatch::report
