#include "store/prometheus.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "store/named_rows.hpp"

namespace perfwatch {

std::string prometheus_metric_name(std::string_view measure) {
  std::string name = "perfwatch_";
  for (const char c : measure) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == ':';
    name += allowed ? c : '_';
  }
  return name;
}

std::string prometheus_label_value(std::string_view value) {
  std::string escaped;
  for (const char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

namespace {

std::string sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

}  // namespace

void export_prometheus(db::Connection& connection, const ReportFilter& filter, std::ostream& out) {
  const std::string condition = filter.report.empty() ? report_conditions(filter)
                                                      : " AND starts_with(r.id::VARCHAR, lower(" +
                                                            sql_quote(filter.report) + "))";
  // arg_max picks the value of the newest report per series; the report id breaks ties.
  const auto result = db::query(
      connection,
      "SELECT m.slug AS measure, m.units AS units, m.direction AS direction, p.slug AS project, "
      "b.name AS branch, t.name AS testbed, bm.name AS benchmark, bm.params::VARCHAR AS params, "
      "arg_max(x.value, (r.started, r.id::VARCHAR)) AS value "
      "FROM metric x JOIN report r ON r.id = x.report JOIN project p ON p.id = r.project "
      "JOIN branch b ON b.id = r.branch JOIN testbed t ON t.id = r.testbed "
      "JOIN benchmark bm ON bm.id = x.benchmark JOIN measure m ON m.id = x.measure "
      "WHERE true" +
          condition +
          " GROUP BY ALL ORDER BY m.slug, m.units, p.slug, b.name, t.name, bm.name, "
          "bm.params::VARCHAR");
  struct Sample {
    std::string family, measure, direction, labels;
    double value;
  };
  std::vector<Sample> samples;
  for (uint64_t row = 0; row < result.size(); ++row) {
    const auto text = [&](std::string_view column) { return result.text(column, row); };
    const auto measure = text("measure");
    std::string labels = "project=\"" + prometheus_label_value(text("project")) + "\",branch=\"" +
                         prometheus_label_value(text("branch")) + "\",testbed=\"" +
                         prometheus_label_value(text("testbed")) + "\",benchmark=\"" +
                         prometheus_label_value(text("benchmark")) + "\",params=\"" +
                         prometheus_label_value(text("params")) + "\",measure=\"" +
                         prometheus_label_value(measure) + "\",units=\"" +
                         prometheus_label_value(text("units")) + "\"";
    samples.push_back({prometheus_metric_name(measure), measure, text("direction"),
                       std::move(labels), result.number("value", row)});
  }
  // Two measures that sanitise to one name share a family, whose lines must be together.
  std::stable_sort(samples.begin(), samples.end(),
                   [](const Sample& a, const Sample& b) { return a.family < b.family; });
  std::string family;
  for (const auto& sample : samples) {
    if (sample.family != family) {
      family = sample.family;
      out << "# HELP " << family << " The newest value of perfwatch measure " << sample.measure
          << " (" << sample.direction << ") per series.\n";
      out << "# TYPE " << family << " gauge\n";
    }
    out << family << "{" << sample.labels << "} " << sample_value(sample.value) << "\n";
  }
}

}  // namespace perfwatch
